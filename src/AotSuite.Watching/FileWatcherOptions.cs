namespace AotSuite.Watching;

/// <summary>How a <see cref="FileWatcher"/> watches. The defaults suit a dev loop (nodemon, chokidar).</summary>
public sealed record FileWatcherOptions
{
    /// <summary>
    /// Quiet time after the last event before a batch is delivered: an editor's write-temp-then-rename save, or a
    /// `git checkout` of 500 files, arrives as one batch. A continuous stream is still delivered every
    /// <see cref="MaxDelay"/>.
    /// </summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest a change waits when events never stop.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Globs in .gitignore syntax (<c>*.log</c>, <c>dist/</c>, <c>src/**/*.tmp</c>, <c>!keep.log</c>), relative to the root.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary>Also honour .gitignore files (in the root, its subfolders, and its parents up to the repository) and skip <c>.git/</c>.</summary>
    public bool UseGitIgnore { get; init; } = true;

    /// <summary>Poll instead of inotify (network file systems, containers without inotify). Chosen automatically when the watch limit is hit.</summary>
    public bool UsePolling { get; init; }

    /// <summary>How often the polling fallback rescans the tree, and how often a deleted root is looked for.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Tests: behave as if the inotify watch limit were this low.</summary>
    internal int? WatchLimitForTesting { get; init; }
}
