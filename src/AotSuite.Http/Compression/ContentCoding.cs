namespace AotSuite.Http.Compression;

internal enum ContentCoding : byte
{
    Identity,
    Gzip,
    Brotli,
}

internal static class ContentCodingNames
{
    /// <summary>The <c>Content-Encoding</c> token (RFC 9110 §8.4.1).</summary>
    public static ReadOnlySpan<byte> Token(ContentCoding coding) => coding switch
    {
        ContentCoding.Brotli => "br"u8,
        ContentCoding.Gzip => "gzip"u8,
        _ => "identity"u8,
    };
}
