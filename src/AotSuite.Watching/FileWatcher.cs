using System.Diagnostics;
using System.Runtime.InteropServices;
using AotSuite.Native;
using AotSuite.Watching.Ignoring;
using AotSuite.Watching.Inotify;
using AotSuite.Watching.Tree;

namespace AotSuite.Watching;

/// <summary>
/// Watches a folder tree and reports debounced batches of <see cref="FileChange"/>s. One thread runs the whole event
/// loop (poll over inotify and a wake-up pipe, debounce, diff against the snapshot, deliver), so the snapshot needs no
/// lock and the callback is never called twice at once. inotify when it can; polling when told to, or when the kernel
/// runs out of watches.
/// </summary>
/// <example>
/// <code>
/// using var watcher = FileWatcher.Start("src", new FileWatcherOptions(), changes =>
/// {
///     foreach (var change in changes) Console.WriteLine(change);
/// });
/// </code>
/// </example>
public sealed partial class FileWatcher : IDisposable
{
    private readonly FileWatcherOptions options;
    private readonly Action<IReadOnlyList<FileChange>> onChanges;
    private readonly Action<string> onWarning;
    private readonly IgnoreRules ignore;
    private readonly TreeSnapshot tree = new();
    private readonly PendingChanges pending = new();
    private readonly byte[] eventBuffer = new byte[64 * 1024];
    private readonly Thread loop;
    private readonly int wakeRead;
    private readonly int wakeWrite;
    private InotifyWatches? inotify;
    private volatile bool disposed;
    private volatile bool paused;
    private readonly ManualResetEventSlim resumed = new(true);
    private long lastPoll;

    private FileWatcher(string root, FileWatcherOptions options, Action<IReadOnlyList<FileChange>> onChanges, Action<string>? onWarning)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        this.options = options;
        this.onChanges = onChanges;
        this.onWarning = onWarning ?? (static _ => { });
        ignore = new IgnoreRules(options.Ignore, options.UseGitIgnore);
        if (options.UseGitIgnore) ignore.LoadParentGitIgnores(Root);
        unsafe
        {
            var fds = stackalloc int[2];
            if (Libc.Pipe2(fds, Libc.O_CLOEXEC | Libc.O_NONBLOCK) != 0)
            {
                throw new IOException($"pipe2 failed ({Libc.ErrorText(Marshal.GetLastPInvokeError())})");
            }
            wakeRead = fds[0];
            wakeWrite = fds[1];
        }
        if (!options.UsePolling)
        {
            try
            {
                inotify = new InotifyWatches(Root, options.WatchLimitForTesting);
            }
            catch (WatchLimitException e)
            {
                FallBackToPolling(e.Message);
            }
        }
        if (Directory.Exists(Root))
        {
            tree.AddRoot();
            Watch("");
            AddContents("", null);
        }
        else
        {
            this.onWarning($"{Root} does not exist; waiting for it to be created");
        }
        lastPoll = Stopwatch.GetTimestamp();
        loop = new Thread(Run, maxStackSize: 256 * 1024) { IsBackground = true, Name = "FileWatcher " + Path.GetFileName(Root) };
        loop.Start();
    }

    /// <summary>The watched folder, as a full path.</summary>
    public string Root { get; }

    /// <summary>True when watching by periodic rescans rather than inotify.</summary>
    public bool IsPolling => inotify is null;

    /// <summary>Folders with an inotify watch (0 when polling).</summary>
    internal int WatchCount => inotify?.Count ?? 0;

    /// <summary>Entries the snapshot holds (files and folders, the root excluded).</summary>
    internal int EntryCount => tree.EntryCount;

    /// <summary>
    /// Scans <paramref name="root"/> (silently: what exists now is the baseline), starts watching, and from then on
    /// calls <paramref name="onChanges"/> on the watcher's thread with each debounced batch. <paramref name="onWarning"/>
    /// hears about fallbacks and rescans (watch limit hit, queue overflow, root deleted).
    /// </summary>
    public static FileWatcher Start(string root, FileWatcherOptions options, Action<IReadOnlyList<FileChange>> onChanges,
        Action<string>? onWarning = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onChanges);
        return new FileWatcher(root, options, onChanges, onWarning);
    }

    private string FullPath(string path) => path.Length == 0 ? Root : $"{Root}/{path}";

    private void Watch(string folder)
    {
        if (inotify is null) return;
        try
        {
            inotify.Add(folder);
        }
        catch (WatchLimitException e)
        {
            FallBackToPolling(e.Message);
        }
    }

    private void FallBackToPolling(string reason)
    {
        inotify?.Dispose();
        inotify = null;
        onWarning($"{reason}; falling back to polling every {options.PollInterval.TotalMilliseconds:0} ms "
            + "(raise the limit: sudo sysctl fs.inotify.max_user_watches=524288)");
    }

    /// <summary>Tests: stop reading events (so the kernel queue can overflow) until the returned handle is disposed.</summary>
    internal IDisposable PauseForTesting()
    {
        resumed.Reset();
        paused = true;
        return new Resume(this);
    }

    private sealed class Resume(FileWatcher watcher) : IDisposable
    {
        public void Dispose()
        {
            watcher.paused = false;
            watcher.resumed.Set();
            watcher.Wake();
        }
    }

    private unsafe void Wake()
    {
        byte one = 1;
        Libc.Write(wakeWrite, &one, 1);
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        resumed.Set();
        Wake();
        if (Thread.CurrentThread != loop) loop.Join();
        inotify?.Dispose();
        inotify = null;
        Libc.Close(wakeRead);
        Libc.Close(wakeWrite);
        resumed.Dispose();
    }
}
