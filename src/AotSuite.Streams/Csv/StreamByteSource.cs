namespace AotSuite.Streams.Csv;

/// <summary>A <see cref="Stream"/> as a CSV byte source (files, stdin).</summary>
internal sealed class StreamByteSource(Stream stream, bool leaveOpen) : CsvByteSource
{
    public override int Read(Span<byte> target) => stream.Read(target);

    public override ValueTask<int> ReadAsync(Memory<byte> target, CancellationToken cancellationToken) => stream.ReadAsync(target, cancellationToken);

    public override void Dispose()
    {
        if (!leaveOpen) stream.Dispose();
    }
}
