namespace AotSuite.Logging;

/// <summary>What the writer thread of an <see cref="AsyncLogSink"/> writes batches of whole lines to.</summary>
internal interface ILogDestination : IDisposable
{
    bool IsTerminal { get; }

    /// <summary>Writes whole lines (the batch ends with a newline).</summary>
    void Write(ReadOnlySpan<byte> lines);

    void Flush();
}

internal sealed class StreamDestination(Stream stream, bool ownsStream, bool isTerminal) : ILogDestination
{
    public bool IsTerminal => isTerminal;

    public void Write(ReadOnlySpan<byte> lines) => stream.Write(lines);

    public void Flush() => stream.Flush();

    public void Dispose()
    {
        stream.Flush();
        if (ownsStream) stream.Dispose();
    }
}
