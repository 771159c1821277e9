using System.Buffers;

namespace AotSuite.Http.Parsing;

/// <summary>The byte classes of RFC 9110 §5.6.2 (token) and §5.5 (field values), as vectorised sets.</summary>
internal static class HttpCharacters
{
    /// <summary>tchar: "!" / "#" / "$" / "%" / "&amp;" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.</summary>
    public static readonly SearchValues<byte> Token = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>What a request-target may hold: visible ASCII (RFC 9112 §3.2 forms are all VCHAR).</summary>
    public static readonly SearchValues<byte> Target = SearchValues.Create(Range(0x21, 0x7E));

    /// <summary>field-vchar / SP / HTAB / obs-text: everything but controls (HTAB excepted) and DEL.</summary>
    public static readonly SearchValues<byte> FieldValue = SearchValues.Create([(byte)'\t', .. Range(0x20, 0x7E), .. Range(0x80, 0xFF)]);

    private static byte[] Range(int first, int last)
    {
        var bytes = new byte[last - first + 1];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)(first + i);
        return bytes;
    }
}
