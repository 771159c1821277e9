namespace AotSuite.Logging;

/// <summary>What an asynchronous sink does when its queue is full.</summary>
public enum LogQueueFullMode
{
    /// <summary>The caller waits until the writer thread has taken the queue: nothing is lost (the default).</summary>
    Block,

    /// <summary>The line is dropped and counted; the writer reports the count in a warn line and <see cref="LogSink.DroppedLines"/>.</summary>
    Drop,
}

/// <summary>The bounded queue between logging threads and the one writer thread.</summary>
public sealed class LogQueueOptions
{
    /// <summary>Bytes of formatted lines waiting to be written before the queue is full (default 4 MiB, ~25,000 lines).</summary>
    public int CapacityBytes { get; init; } = 4 << 20;

    public LogQueueFullMode FullMode { get; init; } = LogQueueFullMode.Block;

    /// <summary>How long exit (ProcessExit, SIGTERM) waits for the queue to drain before giving up (default 30 s).</summary>
    public TimeSpan ExitTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>A rotating file: size and daily rotation, a retention count, and its queue.</summary>
public sealed class FileSinkOptions
{
    /// <summary>Rotate before a write would take the file past this many bytes; 0 turns size rotation off (default 100 MiB).</summary>
    public long MaxFileBytes { get; init; } = 100L << 20;

    /// <summary>Rotate when the UTC date changes (default on).</summary>
    public bool Daily { get; init; } = true;

    /// <summary>Rotated files kept beside the active one; older ones are deleted (default 7; 0 keeps none).</summary>
    public int RetainedFiles { get; init; } = 7;

    public LogQueueOptions Queue { get; init; } = new();
}
