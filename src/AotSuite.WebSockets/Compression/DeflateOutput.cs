using System.Buffers;

namespace AotSuite.WebSockets.Compression;

/// <summary>
/// Where <see cref="MessageDeflater"/>'s DeflateStream writes: one pooled array, grown as a message needs and handed
/// back after each message, so an idle connection holds no output buffer.
/// </summary>
internal sealed class DeflateOutput : Stream
{
    private byte[] buffer = [];
    private int length;

    /// <summary>While set, writes are dropped (a DeflateStream being disposed writes its final block).</summary>
    public bool Discarding { get; set; }

    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, length);

    /// <summary>Forgets what was written and returns the array to the pool.</summary>
    public void Release()
    {
        length = 0;
        if (buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (Discarding) return;
        if (length + data.Length > buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(length + data.Length, Math.Max(4096, buffer.Length * 2)));
            buffer.AsSpan(0, length).CopyTo(bigger);
            if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }
        data.CopyTo(buffer.AsSpan(length));
        length += data.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => length;

    public override long Position { get => length; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) Release();
        base.Dispose(disposing);
    }
}
