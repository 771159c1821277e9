namespace AotSuite.Http.Compression;

/// <summary>
/// Media types worth compressing: text and the structured text formats (JSON, XML and their <c>+json</c>/<c>+xml</c>
/// kinds, JavaScript, SVG, WebAssembly). Images, audio, video, fonts in woff/woff2 and archives are compressed already.
/// </summary>
internal static class CompressibleTypes
{
    /// <summary>A <c>Content-Type</c> value, parameters and case ignored.</summary>
    public static bool IsCompressible(ReadOnlySpan<byte> contentType)
    {
        var semicolon = contentType.IndexOf((byte)';');
        var type = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim((byte)' ').Trim((byte)'\t');
        Span<byte> lower = stackalloc byte[128];
        if (type.Length > lower.Length) return false;
        System.Text.Ascii.ToLower(type, lower, out var written);
        var name = lower[..written];
        if (name.StartsWith("text/"u8)) return true;
        if (name.EndsWith("+json"u8) || name.EndsWith("+xml"u8)) return true;
        return name.SequenceEqual("application/json"u8)
            || name.SequenceEqual("application/xml"u8)
            || name.SequenceEqual("application/javascript"u8)
            || name.SequenceEqual("application/x-javascript"u8)
            || name.SequenceEqual("application/x-ndjson"u8)
            || name.SequenceEqual("application/wasm"u8);
    }

    public static bool IsCompressible(string contentType)
    {
        Span<byte> bytes = stackalloc byte[128];
        return contentType.Length <= bytes.Length
            && System.Text.Encoding.ASCII.TryGetBytes(contentType, bytes, out var written)
            && IsCompressible(bytes[..written]);
    }
}
