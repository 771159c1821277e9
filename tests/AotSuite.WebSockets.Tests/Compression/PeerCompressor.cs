using System.IO.Compression;

namespace AotSuite.WebSockets.Tests.Compression;

/// <summary>Compresses messages as a permessage-deflate peer does (RFC 7692 §7.2.1), with its own DeflateStream.</summary>
internal sealed class PeerCompressor(bool contextTakeover = true) : IDisposable
{
    private readonly MemoryStream output = new();
    private DeflateStream? deflate;

    /// <summary>One message: sync flush, the trailing 00 00 FF FF removed.</summary>
    public byte[] Message(ReadOnlySpan<byte> data)
    {
        output.SetLength(0);
        deflate ??= new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true);
        deflate.Write(data);
        deflate.Flush();
        var bytes = output.ToArray();
        if (!contextTakeover)
        {
            deflate.Dispose();
            deflate = null;
        }
        return bytes[..^4];
    }

    /// <summary>§7.2.3.4: a message ending its deflate stream with a final block (plus the one byte the removed tail leaves).</summary>
    public static byte[] WithFinalBlock(ReadOnlySpan<byte> data)
    {
        var stream = new MemoryStream();
        using (var final = new DeflateStream(stream, CompressionLevel.Optimal, leaveOpen: true)) final.Write(data);
        return [.. stream.ToArray(), 0x00];
    }

    public void Dispose()
    {
        deflate?.Dispose();
        output.Dispose();
    }
}
