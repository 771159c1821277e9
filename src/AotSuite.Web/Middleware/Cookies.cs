using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace AotSuite.Web;

/// <summary>
/// Reading the <c>Cookie</c> header and writing <c>Set-Cookie</c> (RFC 6265). Values are taken and written as they are,
/// without percent-decoding or encoding: a value outside the cookie-octet set is refused with an exception that says
/// so, and the caller encodes (base64url, say) what it needs to store.
/// </summary>
public static class Cookies
{
    // RFC 6265 §4.1.1 cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash. Checked as chars, so
    // validating a cookie per request allocates nothing.
    private static readonly SearchValues<char> CookieOctet = SearchValues.Create(
        "!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    // RFC 9110 §5.6.2 tchar, the cookie-name rule.
    private static readonly SearchValues<char> Token = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // Path and Domain values: any CHAR except CTLs or ';' (§4.1.1 av-octet); a comma is legal there but not worth the risk.
    private static readonly SearchValues<char> AttributeValue = SearchValues.Create(
        "!\"#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>The value of cookie <paramref name="name"/> from the request's <c>Cookie</c> header; null when absent.</summary>
    public static string? Cookie(this WebContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var max = Encoding.UTF8.GetMaxByteCount(name.Length);
        Span<byte> utf8 = max <= 256 ? stackalloc byte[256] : new byte[max];
        utf8 = utf8[..Encoding.UTF8.GetBytes(name, utf8)];
        return TryGet(context.Request, utf8, out var value) ? Encoding.UTF8.GetString(value) : null;
    }

    /// <summary>
    /// Adds <c>Set-Cookie: name=value; Path=/; HttpOnly; SameSite=Lax</c> and whatever <paramref name="options"/> adds.
    /// Throws <see cref="ArgumentException"/> for a name that is not a token, a value with a character cookies cannot
    /// carry, or attributes browsers would reject (<c>SameSite=None</c> without <c>Secure</c>, a <c>__Host-</c> cookie with a Domain).
    /// </summary>
    public static void SetCookie(this WebContext context, string name, string value, CookieOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(value);
        options ??= Default;
        Validate(name, value, options);
        var length = 512 + name.Length + value.Length + (options.Path?.Length ?? 0) + (options.Domain?.Length ?? 0);
        byte[]? rented = null;
        var buffer = length <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            context.Response.AddHeader("Set-Cookie"u8, buffer[..Format(buffer, name, value, options)]);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Tells the browser to drop cookie <paramref name="name"/>: an empty value that expired in 1970.</summary>
    /// <param name="options">The Path and Domain the cookie was set with: a browser only replaces a cookie with the same ones.</param>
    public static void DeleteCookie(this WebContext context, string name, CookieOptions? options = null) =>
        context.SetCookie(name, "", (options ?? Default) with { MaxAge = TimeSpan.Zero, Expires = DateTimeOffset.UnixEpoch });

    private static readonly CookieOptions Default = new();

    /// <summary>
    /// RFC 6265 §5.4's cookie-string (<c>a=1; b="2"</c>), read leniently as browsers send it: pairs split on ';', spaces
    /// trimmed, a value's surrounding quotes dropped, a pair without '=' skipped; the first pair with the name wins (the
    /// browser lists the most specific path first). Every Cookie field is read, in case a client sent several.
    /// </summary>
    internal static bool TryGet(Http.Connection.HttpRequest request, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < request.HeaderCount; i++)
        {
            if (Ascii.EqualsIgnoreCase(request.HeaderName(i), "Cookie"u8) && TryGet(request.HeaderValue(i), name, out value)) return true;
        }
        value = default;
        return false;
    }

    /// <summary>One Cookie field value's pair named <paramref name="name"/> (names compare case-sensitively, as browsers keep them).</summary>
    internal static bool TryGet(ReadOnlySpan<byte> header, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        while (!header.IsEmpty)
        {
            var end = header.IndexOf((byte)';');
            var pair = end < 0 ? header : header[..end];
            header = end < 0 ? default : header[(end + 1)..];
            var equals = pair.IndexOf((byte)'=');
            if (equals < 0 || !Trim(pair[..equals]).SequenceEqual(name)) continue;
            value = Trim(pair[(equals + 1)..]);
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1];
            return true;
        }
        value = default;
        return false;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> span) => span.Trim(" \t"u8);

    internal static void Validate(string name, string value, CookieOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.AsSpan().ContainsAnyExcept(Token))
            throw new ArgumentException($"cookie name '{name}' must be an RFC 9110 token: letters, digits and !#$%&'*+-.^_`|~ (no spaces, '=', ';' or ',')", nameof(name));
        var raw = value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value.AsSpan(1, value.Length - 2) : value.AsSpan();
        if (raw.ContainsAnyExcept(CookieOctet))
            throw new ArgumentException($"cookie '{name}' has a value with a character a cookie cannot carry (spaces, '\"', ',', ';', '\\', controls or non-ASCII); encode it first, e.g. as base64url", nameof(value));
        if (options.Path is { } path && (path.Length == 0 || path[0] != '/' || path.AsSpan().ContainsAnyExcept(AttributeValue)))
            throw new ArgumentException($"cookie '{name}' has Path '{path}'; a path starts with '/' and has no spaces, ';' or controls", nameof(options));
        if (options.Domain is { } domain && (domain.Length == 0 || domain.AsSpan().ContainsAnyExcept(AttributeValue)))
            throw new ArgumentException($"cookie '{name}' has Domain '{domain}'; a domain is a host name such as example.com", nameof(options));
        if (options.MaxAge is { } maxAge && maxAge < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), maxAge, $"cookie '{name}' has a negative MaxAge; use DeleteCookie to remove it");
        if (options.SameSite == SameSite.None && !options.Secure)
            throw new ArgumentException($"cookie '{name}' has SameSite=None without Secure, which browsers reject; set Secure = true", nameof(options));
        // RFC 6265bis §4.1.3: the prefixes promise the browser where the cookie came from, and it drops ones that lie.
        if (name.StartsWith("__Secure-", StringComparison.OrdinalIgnoreCase) && !options.Secure)
            throw new ArgumentException($"cookie '{name}' has the __Secure- prefix, which requires Secure = true", nameof(options));
        if (name.StartsWith("__Host-", StringComparison.OrdinalIgnoreCase) && (!options.Secure || options.Domain is not null || options.Path != "/"))
            throw new ArgumentException($"cookie '{name}' has the __Host- prefix, which requires Secure = true, Path \"/\" and no Domain", nameof(options));
    }

    internal static int Format(Span<byte> buffer, string name, string value, CookieOptions options)
    {
        var written = 0;
        Append(buffer, ref written, name);
        Append(buffer, ref written, "=");
        Append(buffer, ref written, value);
        if (options.Path is { } path) Append(buffer, ref written, "; Path=", path);
        if (options.Domain is { } domain) Append(buffer, ref written, "; Domain=", domain);
        if (options.MaxAge is { } maxAge)
        {
            Append(buffer, ref written, "; Max-Age=");
            Utf8Formatter.TryFormat((long)maxAge.TotalSeconds, buffer[written..], out var digits);
            written += digits;
        }
        if (options.Expires is { } expires)
        {
            Append(buffer, ref written, "; Expires=");
            // 'R' is RFC 1123's IMF-fixdate (Sun, 06 Nov 1994 08:49:37 GMT), the form RFC 6265 §4.1.1 asks for.
            Utf8Formatter.TryFormat(expires.ToUniversalTime(), buffer[written..], out var chars, new StandardFormat('R'));
            written += chars;
        }
        if (options.Secure) Append(buffer, ref written, "; Secure");
        if (options.HttpOnly) Append(buffer, ref written, "; HttpOnly");
        Append(buffer, ref written, options.SameSite switch
        {
            SameSite.Strict => "; SameSite=Strict",
            SameSite.None => "; SameSite=None",
            _ => "; SameSite=Lax",
        });
        return written;
    }

    private static void Append(Span<byte> buffer, ref int written, string ascii) =>
        written += Encoding.ASCII.GetBytes(ascii, buffer[written..]);

    private static void Append(Span<byte> buffer, ref int written, string attribute, string value)
    {
        Append(buffer, ref written, attribute);
        Append(buffer, ref written, value);
    }
}
