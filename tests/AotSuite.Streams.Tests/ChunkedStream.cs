namespace AotSuite.Streams.Tests;

/// <summary>
/// A read-only stream that hands out its bytes in pieces: all at once, one at a time, or random sizes; or fails the way
/// a lost disk does once <paramref name="failAt"/> bytes are read.
/// </summary>
internal sealed class ChunkedStream(byte[] data, Func<int> nextChunk, int failAt = int.MaxValue) : Stream
{
    private int position;

    public static ChunkedStream Whole(byte[] data) => new(data, () => int.MaxValue);

    public static ChunkedStream ByteByByte(byte[] data) => new(data, () => 1);

    public static ChunkedStream RandomSplits(byte[] data, int seed)
    {
        var random = new Random(seed);
        return new(data, () => random.Next(1, 17));
    }

    public static ChunkedStream FailingHalfway(byte[] data) => new(data, () => 1000, data.Length / 2);

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (position >= failAt) throw new IOException("the disk went away");
        var n = Math.Min(Math.Min(count, nextChunk()), data.Length - position);
        data.AsSpan(position, n).CopyTo(buffer.AsSpan(offset));
        position += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
