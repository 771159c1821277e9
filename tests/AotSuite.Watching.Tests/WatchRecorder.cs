using System.Collections.Concurrent;
using System.Diagnostics;

namespace AotSuite.Watching.Tests;

/// <summary>A temp folder with a watcher on it that records every batch and warning, and waits on conditions.</summary>
internal sealed class WatchRecorder : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<IReadOnlyList<FileChange>> batches = new();
    private readonly ConcurrentQueue<string> warnings = new();

    public WatchRecorder(FileWatcherOptions? options = null, Action<string>? prepare = null, string? root = null)
    {
        Folder = Directory.CreateTempSubdirectory("aotsuite-watch-").FullName;
        Root = root is null ? Folder : Path.Combine(Folder, root);
        Directory.CreateDirectory(Root);
        prepare?.Invoke(Root);
        Watcher = FileWatcher.Start(Root, options ?? new FileWatcherOptions(), batch => batches.Enqueue(batch), warnings.Enqueue);
    }

    public string Folder { get; }

    public string Root { get; }

    public FileWatcher Watcher { get; }

    public IReadOnlyList<FileChange> Changes => batches.SelectMany(static b => b).ToList();

    public IReadOnlyList<IReadOnlyList<FileChange>> Batches => batches.ToList();

    public IReadOnlyList<string> Warnings => warnings.ToList();

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string content = "x")
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Waits until the recorded changes satisfy <paramref name="condition"/>; false after <see cref="Patience"/>.</summary>
    public async Task<bool> WaitFor(Func<IReadOnlyList<FileChange>, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (condition(Changes)) return true;
            await Task.Delay(20);
        }
        return condition(Changes);
    }

    public Task<bool> WaitFor(FileChangeKind kind, string path) => WaitFor(changes => changes.Any(c => c.Kind == kind && c.Path == path));

    public async Task<bool> WaitForWarning(string fragment)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (Warnings.Any(w => w.Contains(fragment, StringComparison.Ordinal))) return true;
            await Task.Delay(20);
        }
        return false;
    }

    /// <summary>For assertions that nothing more arrives: a quiet period well past the debounce.</summary>
    public static Task Settle() => Task.Delay(400);

    public string Describe() => string.Join("; ", Changes) + (Warnings.Count > 0 ? " | warnings: " + string.Join("; ", Warnings) : "");

    public void Dispose()
    {
        Watcher.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // The test removed it already.
        }
    }
}
