using System.IO.Compression;

namespace AotSuite.WebSockets.Compression;

/// <summary>
/// RFC 7692 §7.2.1: compresses one message at a time with a sync flush and drops the trailing <c>00 00 FF FF</c>. With
/// context takeover one DeflateStream serves the connection (its zlib state, created at the first compressed message,
/// is the window the peer's inflater mirrors); without, it is freed after every message. Callers serialize the calls
/// (the send lock): the order messages are compressed in must be the order they go on the wire.
/// </summary>
internal sealed class MessageDeflater(CompressionLevel level, bool noContextTakeover) : IDisposable
{
    private readonly DeflateOutput output = new();
    private DeflateStream? deflate;

    /// <summary>The compressed payload, valid until <see cref="Release"/>. <paramref name="payload"/> is not empty.</summary>
    public ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> payload)
    {
        deflate ??= new DeflateStream(output, level, leaveOpen: true);
        deflate.Write(payload);
        deflate.Flush();
        var written = output.Written;
        if (!written.EndsWith(SyncFlushTail)) throw new InvalidOperationException("zlib's sync flush did not end with 00 00 FF FF");
        if (noContextTakeover) Reset();
        return written[..^SyncFlushTail.Length];
    }

    /// <summary>What a sync flush ends with (an empty stored block): not sent, the receiver appends it (§7.2.2).</summary>
    public static ReadOnlySpan<byte> SyncFlushTail => [0x00, 0x00, 0xFF, 0xFF];

    /// <summary>After the compressed frame is written: the output array goes back to the pool.</summary>
    public void Release() => output.Release();

    private void Reset()
    {
        // Disposing writes a final block; what was compressed stays as it is.
        output.Discarding = true;
        deflate?.Dispose();
        output.Discarding = false;
        deflate = null;
    }

    public void Dispose()
    {
        Reset();
        output.Dispose();
    }
}
