using System.IO.Compression;
using System.Text;

namespace AotSuite.Http.Client;

/// <summary>Content-Encoding (RFC 9110 §8.4) undone on the way in: gzip, deflate (zlib-wrapped, as the RFC defines it) and br.</summary>
internal static class ContentDecoding
{
    public static bool IsEncoded(FetchResponse response) =>
        response.Options.AutomaticDecompression && response.TryGetHeader("Content-Encoding"u8, out var value) && !Ascii.EqualsIgnoreCase(value.Trim(" \t"u8), "identity"u8);

    public static Stream Wrap(Stream raw, FetchResponse response)
    {
        if (!response.Options.AutomaticDecompression || !response.TryGetHeader("Content-Encoding"u8, out var value)) return raw;
        var coding = value.Trim(" \t"u8);
        if (coding.IsEmpty || Ascii.EqualsIgnoreCase(coding, "identity"u8)) return raw;
        if (Ascii.EqualsIgnoreCase(coding, "gzip"u8) || Ascii.EqualsIgnoreCase(coding, "x-gzip"u8)) return new GZipStream(raw, CompressionMode.Decompress);
        if (Ascii.EqualsIgnoreCase(coding, "deflate"u8)) return new ZLibStream(raw, CompressionMode.Decompress);
        if (Ascii.EqualsIgnoreCase(coding, "br"u8)) return new BrotliStream(raw, CompressionMode.Decompress);
        throw new FetchException(
            $"{response.Request}: the body is encoded as '{Encoding.Latin1.GetString(coding)}', which this client cannot decode " +
            "(gzip, deflate, br); send your own Accept-Encoding or turn AutomaticDecompression off to read it raw");
    }
}
