namespace AotSuite.Streams.Csv;

/// <summary>
/// Where a <see cref="CsvReader"/> gets its bytes: the reader parses its own pooled buffer, and a source only copies
/// input into it, so a stream and a pipe share one parser.
/// </summary>
internal abstract class CsvByteSource : IDisposable
{
    /// <summary>
    /// False for a pipe: a synchronous read could only take what is already buffered, and blocking a thread on the pipe
    /// is the caller's choice to make, not ours.
    /// </summary>
    public virtual bool CanReadSynchronously => true;

    /// <summary>Copies up to <c>target.Length</c> bytes into <paramref name="target"/>; 0 only at the end of the input.</summary>
    public abstract int Read(Span<byte> target);

    /// <inheritdoc cref="Read"/>
    public abstract ValueTask<int> ReadAsync(Memory<byte> target, CancellationToken cancellationToken);

    public abstract void Dispose();
}
