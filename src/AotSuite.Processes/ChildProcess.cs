using System.Runtime.InteropServices;
using AotSuite.Native;

namespace AotSuite.Processes;

/// <summary>What to start: a shell command line or an argv, where, with which environment, and where its output goes.</summary>
public sealed record ChildStartInfo
{
    /// <summary>argv[0] is the program (looked up on PATH); see <see cref="Shell"/> for a command line.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>Added to (or replacing entries of) this process's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>stdout descriptor; -1 shares this process's.</summary>
    public int StdoutFd { get; init; } = -1;

    /// <summary>stderr descriptor; -1 shares this process's.</summary>
    public int StderrFd { get; init; } = -1;

    /// <summary>stdin descriptor; -1 shares this process's.</summary>
    public int StdinFd { get; init; } = -1;

    /// <summary>
    /// A command line run by <c>/bin/sh -c</c>, as npm scripts, nodemon and PM2 run theirs. A simple command (no
    /// operators, quotes or expansions) of a program on disk (not a builtin such as <c>exit</c>) is prefixed with
    /// <c>exec</c>, so the shell becomes the program: the pid we report, signal and measure is the program's own, not
    /// a shell waiting for it.
    /// </summary>
    public static ChildStartInfo Shell(string commandLine) =>
        new() { Arguments = ["/bin/sh", "-c", IsSimpleProgram(commandLine) ? "exec " + commandLine : commandLine] };

    private static bool IsSimpleProgram(string commandLine)
    {
        if (commandLine.AsSpan().IndexOfAny(ShellSyntax) >= 0) return false;
        var program = commandLine.Trim().Split(' ', 2)[0];
        if (program.Length == 0) return false;
        if (program.Contains('/')) return File.Exists(program);
        foreach (var folder in (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(folder, program))) return true;
        }
        return false;
    }

    private static readonly System.Buffers.SearchValues<char> ShellSyntax = System.Buffers.SearchValues.Create(";&|<>()$`\\\"'*?[]{}~\n#=");
}

/// <summary>
/// A child in a process group of its own (pgid = pid), so a stop reaches everything it started: `sh -c "npm start"`
/// runs npm, which runs node; signalling the shell alone would leave node serving. A thread per child blocks in
/// waitpid and completes <see cref="Exited"/>.
/// </summary>
public sealed class ChildProcess
{
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(int pid, DateTimeOffset startedAt, bool adopted)
    {
        Pid = pid;
        StartedAt = startedAt;
        Adopted = adopted;
        var reaper = new Thread(adopted ? WatchAdopted : Reap, maxStackSize: 128 * 1024) { IsBackground = true, Name = $"reap {pid}" };
        reaper.Start();
    }

    /// <summary>Not our child (left behind by a daemon that died): we see its end, not its exit code (-1).</summary>
    public bool Adopted { get; }

    private void Reap()
    {
        try
        {
            exited.TrySetResult(NativeProcess.WaitForExit(Pid));
        }
        catch (IOException e)
        {
            exited.TrySetException(e);
        }
    }

    private unsafe void WatchAdopted()
    {
        var pidfd = Libc.PidFdOpen(Pid, 0);
        if (pidfd >= 0)
        {
            var entry = new Libc.PollFd { Fd = pidfd, Events = Libc.POLLIN };
            while (Libc.Poll(&entry, 1, -1) < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR)
            {
            }
            Libc.Close(pidfd);
        }
        // Without pidfd (old kernels) or after it fired: a zombie nobody reaps still counts as gone.
        while (ProcStats.IsAlive(Pid)) Thread.Sleep(200);
        exited.TrySetResult(-1);
    }

    /// <summary>Watches a running process that is not our child, e.g. one a previous daemon started.</summary>
    public static ChildProcess Adopt(int pid, DateTimeOffset startedAt) => new(pid, startedAt, adopted: true);

    public int Pid { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The exit code, or 128 + the signal that killed it.</summary>
    public Task<int> Exited => exited.Task;

    public bool HasExited => exited.Task.IsCompleted;

    public static ChildProcess Start(ChildStartInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Arguments.Count == 0) throw new ArgumentException("no program to run", nameof(info));
        var environment = NativeProcess.Environment(info.Environment);
        var pid = NativeProcess.Spawn(info.Arguments[0], info.Arguments, environment, info.WorkingDirectory,
            (info.StdinFd, info.StdoutFd, info.StderrFd), newProcessGroup: true);
        return new ChildProcess(pid, DateTimeOffset.UtcNow, adopted: false);
    }

    /// <summary>Sends <paramref name="signal"/> to the whole process group. False when nobody was left to receive it.</summary>
    public bool Signal(int signal)
    {
        if (Libc.Kill(-Pid, signal) == 0) return true;
        // The group is gone, or the leader has not set it up yet: fall back to the pid itself.
        return !HasExited && Libc.Kill(Pid, signal) == 0;
    }

    /// <summary>
    /// SIGTERM to the group, then SIGKILL to whatever is left after <paramref name="grace"/>. Returns the exit code.
    /// The group is swept with SIGKILL even after a clean exit of the leader, so no grandchild outlives the stop.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan grace, int signal = Libc.SIGTERM)
    {
        if (!HasExited) Signal(signal);
        var finished = await Task.WhenAny(Exited, Task.Delay(grace)) == Exited;
        Libc.Kill(-Pid, Libc.SIGKILL);
        if (!finished) Libc.Kill(Pid, Libc.SIGKILL);
        return await Exited;
    }

    /// <summary>SIGKILL to whatever is left of the group after the leader died (orphans that would hold its port).</summary>
    public void KillGroup() => Libc.Kill(-Pid, Libc.SIGKILL);

    /// <summary>Whether any process of the group is still alive (zombies waiting for a reaper do not count).</summary>
    public bool GroupAlive => ProcStats.GroupMembers(Pid).Exists(ProcStats.IsAlive);
}
