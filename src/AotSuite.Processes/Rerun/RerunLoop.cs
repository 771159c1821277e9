using System.Diagnostics;
using System.Threading.Channels;
using AotSuite.Watching;

namespace AotSuite.Processes.Rerun;

/// <summary>
/// nodemon's loop: run a command, watch folders, and on a relevant change run it again: after the current run ends, or
/// (restart mode, for servers) at once, after stopping the running one and everything it started. One task owns all
/// state; watcher callbacks and the child's exit only post to it.
/// </summary>
public sealed class RerunLoop(string command, RerunOptions options, IRerunReporter reporter)
{
    private readonly Channel<FileChangeView[]> changes = Channel.CreateUnbounded<FileChangeView[]>();

    /// <summary>The running child, if any (tests read its pid).</summary>
    public ChildProcess? Current { get; private set; }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires, then stops the command; returns its last exit code (0 if none).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var watchers = new List<FileWatcher>();
        var lastExit = 0;
        try
        {
            foreach (var root in options.Roots)
            {
                var name = root;
                watchers.Add(FileWatcher.Start(root, new FileWatcherOptions
                {
                    Debounce = options.Delay,
                    Ignore = [.. RerunOptions.DefaultIgnores, .. options.Ignore],
                    UsePolling = options.UsePolling,
                }, batch => OnBatch(name, batch), reporter.Warning));
            }
            reporter.Watching(options.Roots, options.Extensions, watchers.Exists(static w => w.IsPolling));
            var rerunPending = false;
            var clock = Stopwatch.StartNew();
            Current = Start(clock);
            while (!cancellationToken.IsCancellationRequested)
            {
                var exited = Current?.Exited ?? Task.FromResult(0);
                var next = changes.Reader.WaitToReadAsync(cancellationToken).AsTask();
                var woke = Current is null ? await Task.WhenAny(next) : await Task.WhenAny(next, exited);
                if (woke == exited && Current is not null)
                {
                    lastExit = await exited;
                    reporter.Exited(lastExit, clock.Elapsed, waitingForChanges: !rerunPending);
                    Current = null;
                    if (rerunPending)
                    {
                        rerunPending = false;
                        Current = Start(clock);
                    }
                    continue;
                }
                await next; // throws when cancelled
                var relevant = false;
                while (changes.Reader.TryRead(out var batch))
                {
                    foreach (var change in batch)
                    {
                        if (!options.Matches(change)) continue;
                        relevant = true;
                        reporter.Changed(change);
                    }
                }
                if (!relevant) continue;
                if (Current is null)
                {
                    Current = Start(clock);
                }
                else if (options.Restart)
                {
                    reporter.Stopping(Current.Pid);
                    lastExit = await Current.StopAsync(options.Grace);
                    Current = Start(clock);
                }
                else
                {
                    rerunPending = true;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: fall through to the stop below.
        }
        finally
        {
            foreach (var watcher in watchers) watcher.Dispose();
            if (Current is { } running)
            {
                reporter.Stopping(running.Pid);
                lastExit = await running.StopAsync(options.Grace);
                Current = null;
            }
        }
        return lastExit;
    }

    private void OnBatch(string root, IReadOnlyList<FileChange> batch)
    {
        var views = new FileChangeView[batch.Count];
        for (var i = 0; i < batch.Count; i++) views[i] = FileChangeView.From(root, batch[i]);
        changes.Writer.TryWrite(views);
    }

    private ChildProcess Start(Stopwatch clock)
    {
        reporter.Running(command);
        clock.Restart();
        return ChildProcess.Start(ChildStartInfo.Shell(command));
    }
}
