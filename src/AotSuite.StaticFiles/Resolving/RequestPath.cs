using System.Text.Unicode;

namespace AotSuite.StaticFiles.Resolving;

/// <summary>
/// A request path (the bytes before '?') as a relative file path. Decoding comes first, so every encoded form of a bad
/// byte (<c>%2e%2e</c>, <c>%2F</c>, <c>%00</c>, <c>%5C</c>) is judged as what it decodes to; decoding happens once, so
/// <c>%252e</c> stays the literal name <c>%2e</c>.
/// </summary>
internal static class RequestPath
{
    public const int MaxChars = 2048;

    /// <param name="normalized">Receives <c>seg/seg/name</c>: no leading slash, no empty or <c>.</c> segments. At least
    /// <paramref name="path"/>'s length (decoding never makes a path longer).</param>
    /// <param name="trailingSlash">The path ends with '/' (a folder was asked for).</param>
    public static PathVerdict Normalize(ReadOnlySpan<byte> path, Span<char> normalized, bool allowDotfiles, out int written, out bool trailingSlash)
    {
        written = 0;
        trailingSlash = false;
        if (path.IsEmpty || path[0] != (byte)'/') return PathVerdict.BadRequest;
        if (path.Length > MaxChars) return PathVerdict.TooLong;

        // Sized to the path, not the limit: stackalloc zeroes what it takes, and most paths are a few dozen bytes.
        Span<byte> decoded = stackalloc byte[path.Length];
        var length = 0;
        for (var i = 0; i < path.Length; i++)
        {
            var b = path[i];
            if (b == (byte)'%')
            {
                if (i + 2 >= path.Length || !TryHex(path[i + 1], out var high) || !TryHex(path[i + 2], out var low)) return PathVerdict.BadRequest;
                b = (byte)((high << 4) | low);
                i += 2;
            }
            // NUL ends a C string early; a backslash is a separator on Windows; neither belongs in a served name.
            if (b < 0x20 || b == 0x7F || b == (byte)'\\') return PathVerdict.BadRequest;
            decoded[length++] = b;
        }
        trailingSlash = decoded[length - 1] == (byte)'/';

        Span<char> chars = stackalloc char[length];
        if (Utf8.ToUtf16(decoded[..length], chars, out _, out var charCount, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            return PathVerdict.BadRequest;
        }

        var rest = chars[..charCount];
        var hidden = false;
        while (!rest.IsEmpty)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            rest = slash < 0 ? default : rest[(slash + 1)..];
            if (segment.IsEmpty || segment is ".") continue;
            if (segment is "..") return PathVerdict.BadRequest;
            if (segment[0] == '.' && !allowDotfiles) hidden = true; // keep going: a later ".." is still a 400
            if (written > 0) normalized[written++] = '/';
            segment.CopyTo(normalized[written..]);
            written += segment.Length;
        }
        return hidden ? PathVerdict.Hidden : PathVerdict.Ok;
    }

    /// <summary>True when the last segment of <paramref name="normalized"/> has an extension (<c>app.js</c>).</summary>
    public static bool HasExtension(ReadOnlySpan<char> normalized)
    {
        var name = normalized[(normalized.LastIndexOf('/') + 1)..];
        return name.LastIndexOf('.') > 0;
    }

    private static bool TryHex(byte b, out int value)
    {
        value = b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
