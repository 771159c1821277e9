using System.IO.Compression;

namespace AotSuite.WebSockets.Compression;

/// <summary>
/// RFC 7692 §7.2.2: inflates a message's compressed payload as its frames arrive, then the <c>00 00 FF FF</c> the
/// sender dropped. One DeflateStream serves the connection, so a peer's context takeover simply works (a peer without
/// it never refers back, which the same stream reads as well). The caller pulls output with <see cref="Read"/> into a
/// buffer it bounds itself: that bound is what stops a zip bomb.
/// </summary>
internal sealed class MessageInflater : IDisposable
{
    private static readonly ReadOnlyMemory<byte> Tail = new byte[] { 0x00, 0x00, 0xFF, 0xFF };
    private readonly InflateInput input = new();
    private DeflateStream? inflate;

    /// <summary>Hands over the next compressed bytes (a view into the pipe, masked or not); <see cref="Read"/> drains them.</summary>
    public void SetInput(ReadOnlyMemory<byte> chunk, bool masked, uint key, long offset)
    {
        inflate ??= new DeflateStream(input, CompressionMode.Decompress, leaveOpen: true);
        input.Set(chunk, masked, key, offset);
    }

    /// <summary>The message's last frame is in: the tail the sender dropped goes in after it.</summary>
    public void SetTail() => SetInput(Tail, masked: false, 0, 0);

    /// <summary>Inflated bytes; 0 once everything handed over is inflated. Corrupt data throws <see cref="InvalidDataException"/>.</summary>
    public int Read(Span<byte> destination) => inflate!.Read(destination);

    /// <summary>
    /// After the tail: if the inflater left input unread, the peer ended its deflate stream inside the message (a final
    /// block, RFC 7692 §7.2.3.4); the next message then starts a new stream.
    /// </summary>
    public void EndMessage()
    {
        if (input.Remaining == 0) return;
        inflate?.Dispose();
        inflate = null;
    }

    public void Dispose()
    {
        inflate?.Dispose();
        inflate = null;
    }
}
