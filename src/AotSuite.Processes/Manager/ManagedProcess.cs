using System.Globalization;
using AotSuite.Native;
using AotSuite.Watching;

namespace AotSuite.Processes.Manager;

/// <summary>
/// One supervised process: launch with its log descriptors and environment, restart on exit with backoff, mark it
/// errored past the cap, stop gracefully, reload without downtime. Every method runs under the daemon's lock; the
/// child's exit and the backoff timer come back through that lock too.
/// </summary>
internal sealed class ManagedProcess(Pm2Daemon daemon, ProcessState state)
{
    /// <summary>Failed starts wait 100 ms, 200 ms, 400 ms, … up to this (PM2's exponential backoff tops out at 15 s too).</summary>
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(15);

    private CancellationTokenSource? pendingRestart;
    private FileWatcher? watcher;

    public ProcessState State { get; } = state;

    public ChildProcess? Child { get; private set; }

    public string Name => State.Spec.Name;

    internal static TimeSpan Backoff(int failures) =>
        failures <= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures - 1, 20))));

    /// <summary>Starts the process now (status online).</summary>
    public void Launch()
    {
        CancelPendingRestart();
        Child = Spawn();
        State.Status = ProcessStatus.Online;
        EnsureWatcher();
        Monitor(Child);
    }

    /// <summary>Carries on with a process a previous daemon started, if it is still the same process.</summary>
    public bool TryAdopt()
    {
        if (State.Pid <= 0 || ProcStats.StartTicks(State.Pid) != State.PidStartTicks || !ProcStats.IsAlive(State.Pid)) return false;
        Child = ChildProcess.Adopt(State.Pid, DateTimeOffset.FromUnixTimeMilliseconds(State.StartedAtUnixMs));
        State.Status = ProcessStatus.Online;
        EnsureWatcher();
        Monitor(Child);
        return true;
    }

    private ChildProcess Spawn()
    {
        var spec = State.Spec;
        var outFd = LogFiles.OpenAppend(daemon.Home.OutLog(spec.Name, State.Id));
        var errFd = LogFiles.OpenAppend(daemon.Home.ErrLog(spec.Name, State.Id));
        try
        {
            var environment = new Dictionary<string, string>(spec.Env, StringComparer.Ordinal)
            {
                ["INSTANCE_ID"] = State.Instance.ToString(CultureInfo.InvariantCulture),
                ["NODE_APP_INSTANCE"] = State.Instance.ToString(CultureInfo.InvariantCulture),
                ["pm_id"] = State.Id.ToString(CultureInfo.InvariantCulture),
                ["name"] = spec.Name,
            };
            var child = ChildProcess.Start(ChildStartInfo.Shell(spec.CommandLine) with
            {
                WorkingDirectory = spec.Cwd,
                Environment = environment,
                StdinFd = daemon.DevNull,
                StdoutFd = outFd,
                StderrFd = errFd,
            });
            State.Pid = child.Pid;
            State.PidStartTicks = ProcStats.StartTicks(child.Pid) ?? 0;
            State.StartedAtUnixMs = child.StartedAt.ToUnixTimeMilliseconds();
            return child;
        }
        finally
        {
            Libc.Close(outFd);
            Libc.Close(errFd);
        }
    }

    private void Monitor(ChildProcess child) => _ = MonitorAsync(child);

    private async Task MonitorAsync(ChildProcess child)
    {
        var code = await child.Exited.ConfigureAwait(false);
        await daemon.LockedAsync(() =>
        {
            OnExit(child, code);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
    }

    private void OnExit(ChildProcess child, int code)
    {
        if (Child != child) return; // replaced by a restart or reload, or stopped on purpose
        Child = null;
        child.KillGroup();
        State.Pid = 0;
        State.LastExitCode = code;
        if (State.Status is ProcessStatus.Stopping or ProcessStatus.Stopped)
        {
            State.Status = ProcessStatus.Stopped;
            daemon.Persist();
            return;
        }
        var uptime = DateTimeOffset.UtcNow - child.StartedAt;
        State.UnstableRestarts = uptime < TimeSpan.FromMilliseconds(State.Spec.MinUptimeMs) ? State.UnstableRestarts + 1 : 0;
        if (State.UnstableRestarts > State.Spec.MaxRestarts)
        {
            State.Status = ProcessStatus.Errored;
            daemon.Log($"{Name} ({State.Id}) exited with code {code} {State.UnstableRestarts} times within {State.Spec.MinUptimeMs} ms of starting; marked errored");
            daemon.Persist();
            return;
        }
        var delay = TimeSpan.FromMilliseconds(State.Spec.RestartDelayMs) + Backoff(State.UnstableRestarts);
        daemon.Log($"{Name} ({State.Id}) exited with code {code} after {uptime.TotalMilliseconds:0} ms; restarting in {delay.TotalMilliseconds:0} ms");
        State.Status = ProcessStatus.Launching;
        if (delay <= TimeSpan.Zero)
        {
            Relaunch(); // persists once the replacement runs: no fsync between the death and the new start
            return;
        }
        daemon.Persist();
        var cancel = pendingRestart = new CancellationTokenSource();
        _ = Task.Delay(delay, cancel.Token).ContinueWith(_ => daemon.LockedAsync(() =>
        {
            if (!cancel.IsCancellationRequested && State.Status == ProcessStatus.Launching) Relaunch();
            return Task.CompletedTask;
        }), CancellationToken.None, TaskContinuationOptions.NotOnCanceled, TaskScheduler.Default);
    }

    private void Relaunch()
    {
        State.Restarts++;
        try
        {
            Launch();
        }
        catch (IOException e)
        {
            State.Status = ProcessStatus.Errored;
            daemon.Log($"{Name} ({State.Id}): {e.Message}");
        }
        daemon.Persist();
    }

    /// <summary>SIGTERM to the process group, SIGKILL after kill_timeout; status stopped.</summary>
    public async Task StopAsync(bool keepWatching = false)
    {
        CancelPendingRestart();
        if (!keepWatching) StopWatcher();
        var child = Child;
        if (child is null)
        {
            State.Status = ProcessStatus.Stopped;
            return;
        }
        State.Status = ProcessStatus.Stopping;
        State.LastExitCode = await child.StopAsync(TimeSpan.FromMilliseconds(State.Spec.KillTimeoutMs)).ConfigureAwait(false);
        Child = null;
        State.Pid = 0;
        State.Status = ProcessStatus.Stopped;
    }

    public async Task RestartAsync(bool keepWatching = false)
    {
        await StopAsync(keepWatching).ConfigureAwait(false);
        State.Restarts++;
        State.UnstableRestarts = 0;
        Launch();
    }

    /// <summary>
    /// Zero-downtime: the new process starts beside the old one (same INSTANCE_ID; a server binds the same port with
    /// SO_REUSEPORT), and only once it listens (or after <paramref name="readyTimeout"/> for an app that never listens)
    /// is the old one stopped, gracefully, so its in-flight requests finish.
    /// </summary>
    public async Task<string?> ReloadAsync(TimeSpan readyTimeout)
    {
        var old = Child;
        if (old is null)
        {
            await RestartAsync().ConfigureAwait(false);
            return null;
        }
        CancelPendingRestart();
        var fresh = Spawn();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < readyTimeout && !fresh.HasExited && !ProcStats.GroupIsListening(fresh.Pid))
        {
            await Task.Delay(25).ConfigureAwait(false);
        }
        if (fresh.HasExited)
        {
            // Keep serving with the old one; the record still describes it.
            State.Pid = old.Pid;
            State.PidStartTicks = ProcStats.StartTicks(old.Pid) ?? 0;
            State.StartedAtUnixMs = old.StartedAt.ToUnixTimeMilliseconds();
            return $"{Name} ({State.Id}): the new process exited with code {await fresh.Exited.ConfigureAwait(false)} before it was ready; the old one keeps running";
        }
        Child = fresh;
        State.Restarts++;
        State.Status = ProcessStatus.Online;
        Monitor(fresh);
        await old.StopAsync(TimeSpan.FromMilliseconds(State.Spec.KillTimeoutMs)).ConfigureAwait(false);
        return null;
    }

    private void EnsureWatcher()
    {
        if (!State.Spec.Watch || watcher is not null) return;
        var root = State.Spec.Cwd ?? ".";
        watcher = FileWatcher.Start(root, new FileWatcherOptions
        {
            Debounce = TimeSpan.FromMilliseconds(200),
            Ignore = ["node_modules/", "logs/", "*.log", "bin/", "obj/"],
        }, changes => Task.Run(() => daemon.LockedAsync(async () =>
        {
            if (State.Status != ProcessStatus.Online) return;
            daemon.Log($"{Name} ({State.Id}): {changes[0]}{(changes.Count > 1 ? $" and {changes.Count - 1} more" : "")}; restarting");
            await RestartAsync(keepWatching: true).ConfigureAwait(false);
            daemon.Persist();
        })), daemon.Log);
    }

    private void StopWatcher()
    {
        watcher?.Dispose();
        watcher = null;
    }

    private void CancelPendingRestart()
    {
        pendingRestart?.Cancel();
        pendingRestart = null;
    }

    public ProcessInfo Describe(double cpuPercent)
    {
        var uptime = Child is { } child && State.Status == ProcessStatus.Online ? DateTimeOffset.UtcNow - child.StartedAt : TimeSpan.Zero;
        return new ProcessInfo
        {
            Id = State.Id,
            Name = Name,
            Instance = State.Instance,
            Pid = State.Pid,
            Status = State.Status,
            Restarts = State.Restarts,
            UptimeMs = (long)uptime.TotalMilliseconds,
            CpuPercent = cpuPercent,
            MemoryBytes = State.Pid > 0 ? ProcStats.ResidentBytes(State.Pid) ?? 0 : 0,
            LastExitCode = State.LastExitCode,
            OutLog = daemon.Home.OutLog(Name, State.Id),
            ErrLog = daemon.Home.ErrLog(Name, State.Id),
            Spec = State.Spec,
        };
    }
}
