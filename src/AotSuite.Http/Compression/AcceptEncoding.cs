using System.Buffers.Text;

namespace AotSuite.Http.Compression;

/// <summary><c>Accept-Encoding</c> (RFC 9110 §12.5.3): the acceptable coding with the highest weight; br wins a tie.</summary>
internal static class AcceptEncoding
{
    public static ContentCoding Choose(ReadOnlySpan<byte> header, bool brotliAvailable, bool gzipAvailable)
    {
        int brotli = -1, gzip = -1, any = -1;
        var rest = header;
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf((byte)',');
            var item = comma < 0 ? rest : rest[..comma];
            rest = comma < 0 ? default : rest[(comma + 1)..];
            var semicolon = item.IndexOf((byte)';');
            var coding = (semicolon < 0 ? item : item[..semicolon]).Trim((byte)' ').Trim((byte)'\t');
            var weight = semicolon < 0 ? 1000 : Weight(item[(semicolon + 1)..]);
            if (System.Text.Ascii.EqualsIgnoreCase(coding, "br"u8)) brotli = weight;
            else if (System.Text.Ascii.EqualsIgnoreCase(coding, "gzip"u8) || System.Text.Ascii.EqualsIgnoreCase(coding, "x-gzip"u8)) gzip = weight;
            else if (coding is [(byte)'*']) any = weight;
        }
        if (brotli < 0) brotli = any;
        if (gzip < 0) gzip = any;
        if (!brotliAvailable) brotli = 0;
        if (!gzipAvailable) gzip = 0;
        if (brotli > 0 && brotli >= gzip) return ContentCoding.Brotli;
        if (gzip > 0) return ContentCoding.Gzip;
        return ContentCoding.Identity;
    }

    /// <summary><c>q=0.5</c> as 500 (thousandths, as the grammar allows three decimals); malformed: 0.</summary>
    private static int Weight(ReadOnlySpan<byte> parameters)
    {
        parameters = parameters.Trim((byte)' ');
        if (parameters.Length < 3 || (parameters[0] | 0x20) != 'q' || parameters[1] != '=') return 0;
        var value = parameters[2..].Trim((byte)' ');
        if (!Utf8Parser.TryParse(value, out decimal q, out var consumed) || consumed != value.Length || q < 0 || q > 1) return 0;
        return (int)(q * 1000);
    }
}
