using System.Diagnostics;
using AotSuite.Native;

namespace AotSuite.Watching;

public sealed partial class FileWatcher
{
    private unsafe void Run()
    {
        var fds = stackalloc Libc.PollFd[2];
        byte* drain = stackalloc byte[64];
        while (!disposed)
        {
            fds[0] = new Libc.PollFd { Fd = wakeRead, Events = Libc.POLLIN };
            var count = 1;
            if (inotify is not null && !paused)
            {
                fds[1] = new Libc.PollFd { Fd = inotify.Descriptor, Events = Libc.POLLIN };
                count = 2;
            }
            Libc.Poll(fds, (nuint)count, Timeout());
            if (disposed) break;
            if ((fds[0].Revents & Libc.POLLIN) != 0)
            {
                while (Libc.Read(wakeRead, drain, 64) > 0)
                {
                }
            }
            if (paused)
            {
                resumed.Wait();
                continue;
            }
            try
            {
                Step();
            }
            catch (Exception e)
            {
                // Typically a folder that vanished between an event and its scan. The loop thread must not die (that
                // would end the process): the next rescan settles it, after a pause so a persistent fault cannot spin.
                pending.Clear();
                pending.MarkRescan();
                onWarning($"rescanning after: {e.Message}");
                Thread.Sleep(options.PollInterval);
            }
        }
    }

    private void Step()
    {
        if (inotify is not null)
        {
            var (rootGone, overflowed) = inotify.Drain(pending, ignore.IsIgnored, eventBuffer);
            if (overflowed)
            {
                pending.MarkRescan();
                onWarning("inotify event queue overflowed (fs.inotify.max_queued_events); rescanning the tree");
            }
            if (rootGone) pending.MarkRescan();
        }
        var now = Stopwatch.GetTimestamp();
        var waitingForRoot = !tree.RootPresent;
        if ((IsPolling || waitingForRoot) && Stopwatch.GetElapsedTime(lastPoll, now) >= options.PollInterval)
        {
            lastPoll = now;
            if (!waitingForRoot || Directory.Exists(Root)) pending.MarkRescan();
        }
        if (pending.IsEmpty) return;
        var quiet = Stopwatch.GetElapsedTime(pending.LastEventAt, now);
        var waited = Stopwatch.GetElapsedTime(pending.FirstEventAt, now);
        if (quiet >= options.Debounce || waited >= options.MaxDelay) Flush();
    }

    /// <summary>Milliseconds poll() may sleep: until the debounce is due, the next poll, or forever.</summary>
    private int Timeout()
    {
        var now = Stopwatch.GetTimestamp();
        var wait = TimeSpan.MaxValue;
        if (!pending.IsEmpty)
        {
            var due = Min(options.Debounce - Stopwatch.GetElapsedTime(pending.LastEventAt, now),
                options.MaxDelay - Stopwatch.GetElapsedTime(pending.FirstEventAt, now));
            wait = Min(wait, due);
        }
        if (IsPolling || !tree.RootPresent) wait = Min(wait, options.PollInterval - Stopwatch.GetElapsedTime(lastPoll, now));
        if (wait == TimeSpan.MaxValue) return -1;
        return (int)Math.Clamp(Math.Ceiling(wait.TotalMilliseconds), 0, int.MaxValue);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void Flush()
    {
        var changes = new List<FileChange>();
        pending.ResolveUnpairedMoves();
        foreach (var (from, to) in pending.Renames) ApplyRename(from, to, changes);
        if (pending.RescanAll) Reconcile("", PathFlags.Recursive, changes);
        foreach (var path in pending.Paths) Reconcile(path, pending.FlagsOf(path), changes);
        pending.Clear();
        if (changes.Count == 0) return;
        var batch = Deduplicate(changes);
        try
        {
            onChanges(batch);
        }
        catch (Exception e)
        {
            onWarning($"the change handler threw: {e.Message}");
        }
    }

    /// <summary>A path reached twice in one batch (its own event, and its folder's rescan) is reported once; Added wins over Changed.</summary>
    private static List<FileChange> Deduplicate(List<FileChange> changes)
    {
        var added = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<(FileChangeKind, string)>();
        var result = new List<FileChange>(changes.Count);
        foreach (var change in changes)
        {
            if (change.Kind == FileChangeKind.Added) added.Add(change.Path);
        }
        foreach (var change in changes)
        {
            if (change.Kind == FileChangeKind.Changed && added.Contains(change.Path)) continue;
            if (!seen.Add((change.Kind, change.Path))) continue;
            result.Add(change);
        }
        return result;
    }
}
