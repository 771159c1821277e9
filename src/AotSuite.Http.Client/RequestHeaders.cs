using System.Buffers;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Client;

/// <summary>Checks on header fields a caller sets, so a bad name or a CR/LF in a value never reaches the wire (header injection).</summary>
internal static class RequestHeaders
{
    private static readonly SearchValues<char> Token = SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public static void Validate(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.AsSpan().ContainsAnyExcept(Token)) throw new ArgumentException($"'{name}' is not a valid header field name (RFC 9110 token)", nameof(name));
        foreach (var c in value)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF)
            {
                throw new ArgumentException($"the value of '{name}' holds U+{(int)c:X4}; field values are Latin-1 without controls", nameof(value));
            }
        }
    }

    public static string MethodName(HttpMethod method) => method switch
    {
        HttpMethod.Get => "GET",
        HttpMethod.Head => "HEAD",
        HttpMethod.Post => "POST",
        HttpMethod.Put => "PUT",
        HttpMethod.Delete => "DELETE",
        HttpMethod.Patch => "PATCH",
        HttpMethod.Options => "OPTIONS",
        HttpMethod.Trace => "TRACE",
        HttpMethod.Connect => "CONNECT",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "must be a named method"),
    };

    public static ReadOnlySpan<byte> MethodBytes(HttpMethod method) => method switch
    {
        HttpMethod.Get => "GET"u8,
        HttpMethod.Head => "HEAD"u8,
        HttpMethod.Post => "POST"u8,
        HttpMethod.Put => "PUT"u8,
        HttpMethod.Delete => "DELETE"u8,
        HttpMethod.Patch => "PATCH"u8,
        HttpMethod.Options => "OPTIONS"u8,
        HttpMethod.Trace => "TRACE"u8,
        HttpMethod.Connect => "CONNECT"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "must be a named method"),
    };
}
