using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace AotSuite.Web.Binding;

/// <summary>
/// What generated endpoints call to turn request bytes into handler arguments. Numbers and GUIDs parse straight from
/// the bytes (no string); a value that does not parse is a <see cref="BadRequestException"/> naming the parameter.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Bind
{
    public static ReadOnlySpan<byte> Route(WebContext context, int capture) => context.CapturedValue(capture);

    public static bool TryQuery(WebContext context, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> raw) =>
        QueryString.TryGet(context.Request.Query, name, out raw);

    public static bool TryHeader(WebContext context, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> raw) =>
        context.Request.TryGetHeader(name, out raw);

    public static T Value<T>(ReadOnlySpan<byte> raw, string name) where T : IUtf8SpanParsable<T>
    {
        if (raw.IndexOf((byte)'%') < 0)
        {
            if (T.TryParse(raw, CultureInfo.InvariantCulture, out var value)) return value;
        }
        else
        {
            Span<byte> decoded = stackalloc byte[Math.Min(raw.Length, 256)];
            if (raw.Length <= 256 && T.TryParse(decoded[..PercentDecoding.Decode(raw, decoded, plusIsSpace: true)], CultureInfo.InvariantCulture, out var value)) return value;
        }
        throw new BadRequestException($"'{name}' must be {Describe<T>()}; got '{Printable(raw)}'", name);
    }

    public static bool Boolean(ReadOnlySpan<byte> raw, string name) =>
        Ascii.EqualsIgnoreCase(raw, "true"u8) || Ascii.EqualsIgnoreCase(raw, "1"u8) ? true
        : Ascii.EqualsIgnoreCase(raw, "false"u8) || Ascii.EqualsIgnoreCase(raw, "0"u8) ? false
        : throw new BadRequestException($"'{name}' must be true or false; got '{Printable(raw)}'", name);

    public static T Enum<T>(ReadOnlySpan<byte> raw, string name) where T : struct, Enum =>
        System.Enum.TryParse<T>(PercentDecoding.ToString(raw), ignoreCase: true, out var value) && !char.IsAsciiDigit((char)raw[0])
            ? value
            : throw new BadRequestException($"'{name}' must be one of {string.Join(", ", System.Enum.GetNames<T>())}; got '{Printable(raw)}'", name);

    public static string Text(ReadOnlySpan<byte> raw, bool query) => PercentDecoding.ToString(raw, plusIsSpace: query);

    public static BadRequestException Missing(string name, string from) => new($"the {from} parameter '{name}' is required", name);

    private static string Describe<T>() =>
        typeof(T) == typeof(int) || typeof(T) == typeof(long) || typeof(T) == typeof(short) || typeof(T) == typeof(byte)
            || typeof(T) == typeof(uint) || typeof(T) == typeof(ulong) ? "an integer"
        : typeof(T) == typeof(Guid) ? "a GUID"
        : typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(decimal) ? "a number"
        : "a " + typeof(T).Name;

    private static string Printable(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, 64)]);
        return raw.Length > 64 ? text + "…" : text;
    }
}
