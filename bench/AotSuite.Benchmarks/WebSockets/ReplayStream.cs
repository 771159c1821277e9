namespace AotSuite.Benchmarks.WebSockets;

/// <summary>An endless stream of the same frame for reads; writes are dropped. Completes synchronously, allocates nothing.</summary>
internal sealed class ReplayStream(byte[] frame) : Stream
{
    private int position;

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, frame.Length - position);
        frame.AsSpan(position, count).CopyTo(buffer);
        position = (position + count) % frame.Length;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => default;

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
