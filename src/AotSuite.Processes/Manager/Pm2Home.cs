namespace AotSuite.Processes.Manager;

/// <summary>
/// Where the daemon keeps everything: <c>$MINIPM2_HOME</c>, else <c>~/.aotsuite/pm2/</c>. The socket, the pid and lock
/// files, state.json (rewritten on every change, so a daemon killed with SIGKILL loses nothing), dump.json (save), logs/.
/// </summary>
public sealed class Pm2Home(string folder)
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public static Pm2Home Default()
    {
        var explicitHome = Environment.GetEnvironmentVariable("MINIPM2_HOME");
        if (!string.IsNullOrEmpty(explicitHome)) return new Pm2Home(explicitHome);
        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new Pm2Home(Path.Combine(home, ".aotsuite", "pm2"));
    }

    public string Socket => Path.Combine(Folder, "daemon.sock");

    public string PidFile => Path.Combine(Folder, "daemon.pid");

    public string LockFile => Path.Combine(Folder, "daemon.lock");

    public string StateFile => Path.Combine(Folder, "state.json");

    public string DumpFile => Path.Combine(Folder, "dump.json");

    public string DaemonLog => Path.Combine(Folder, "daemon.log");

    public string LogFolder => Path.Combine(Folder, "logs");

    public string OutLog(string name, int id) => Path.Combine(LogFolder, $"{name}-{id}-out.log");

    public string ErrLog(string name, int id) => Path.Combine(LogFolder, $"{name}-{id}-err.log");
}
