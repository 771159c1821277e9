using AotSuite.WebSockets.Framing;

namespace AotSuite.WebSockets.Compression;

/// <summary>
/// What <see cref="MessageInflater"/>'s DeflateStream reads: the compressed bytes of the current chunk, straight from
/// the connection's pipe, unmasked as they are copied out (no copy of the payload of our own).
/// </summary>
internal sealed class InflateInput : Stream
{
    private ReadOnlyMemory<byte> data;
    private int position;
    private bool masked;
    private uint maskKey;
    private long maskOffset;

    public int Remaining => data.Length - position;

    /// <param name="offset">How many payload bytes of the frame came before <paramref name="chunk"/> (for the mask).</param>
    public void Set(ReadOnlyMemory<byte> chunk, bool masked, uint key, long offset)
    {
        data = chunk;
        position = 0;
        this.masked = masked;
        maskKey = key;
        maskOffset = offset;
    }

    public override int Read(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, data.Length - position);
        var target = destination[..count];
        data.Span.Slice(position, count).CopyTo(target);
        if (masked) PayloadMask.Apply(target, maskKey, maskOffset + position);
        position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
