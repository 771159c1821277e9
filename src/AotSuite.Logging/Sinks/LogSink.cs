namespace AotSuite.Logging;

/// <summary>
/// Where finished lines go. <see cref="Write"/> receives one whole line, newline included, and must copy it before
/// returning. The factories give the usual ones: asynchronous batched stdout/stderr and files, memory for tests, null.
/// </summary>
public abstract class LogSink : IDisposable
{
    public abstract void Write(ReadOnlySpan<byte> line);

    /// <summary>Waits until every line written so far has reached the destination.</summary>
    public virtual void Flush()
    {
    }

    /// <summary>Lines refused because the queue was full under <see cref="LogQueueFullMode.Drop"/>.</summary>
    public virtual long DroppedLines => 0;

    /// <summary>Whether the destination is a terminal (the pretty format's colour default).</summary>
    public virtual bool IsTerminal => false;

    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>Standard output through a bounded queue drained by one background thread.</summary>
    public static LogSink Stdout(LogQueueOptions? options = null) =>
        new AsyncLogSink(new StreamDestination(Console.OpenStandardOutput(), ownsStream: false, isTerminal: !Console.IsOutputRedirected),
            options ?? new LogQueueOptions());

    public static LogSink Stderr(LogQueueOptions? options = null) =>
        new AsyncLogSink(new StreamDestination(Console.OpenStandardError(), ownsStream: false, isTerminal: !Console.IsErrorRedirected),
            options ?? new LogQueueOptions());

    /// <summary>A file that rotates by size and by day and keeps <see cref="FileSinkOptions.RetainedFiles"/> old files.</summary>
    public static LogSink File(string path, FileSinkOptions? options = null)
    {
        options ??= new FileSinkOptions();
        return new AsyncLogSink(new RollingFileDestination(path, options, TimeProvider.System), options.Queue);
    }

    /// <summary>Any stream (a pipe, a socket), batched like the others; the sink disposes it.</summary>
    public static LogSink Stream(Stream stream, LogQueueOptions? options = null) =>
        new AsyncLogSink(new StreamDestination(stream, ownsStream: true, isTerminal: false), options ?? new LogQueueOptions());

    public static MemorySink Memory() => new();

    /// <summary>Discards every line (benchmarks, or a logger that formats for nothing).</summary>
    public static LogSink Null { get; } = new NullSink();

    private sealed class NullSink : LogSink
    {
        public override void Write(ReadOnlySpan<byte> line)
        {
        }
    }
}
