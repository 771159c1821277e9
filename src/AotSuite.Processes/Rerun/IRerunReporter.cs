namespace AotSuite.Processes.Rerun;

/// <summary>What <see cref="RerunLoop"/> tells its user; the watcher tool prints it with timestamps and colours.</summary>
public interface IRerunReporter
{
    void Watching(IReadOnlyList<string> roots, IReadOnlyList<string> extensions, bool polling);

    void Changed(FileChangeView change);

    /// <summary>Just before the command starts.</summary>
    void Running(string command);

    void Stopping(int pid);

    void Exited(int exitCode, TimeSpan elapsed, bool waitingForChanges);

    void Warning(string message);
}
