using System.Buffers;

namespace AotSuite.Logging.Writing;

/// <summary>JSON string escaping over UTF-8 (RFC 8259 §7): quotes, backslashes and control bytes; everything else passes through.</summary>
internal static class Utf8JsonText
{
    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'"', (byte)'\\']);

    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    public static int IndexOfEscape(ReadOnlySpan<byte> text) => text.IndexOfAny(NeedsEscape);

    /// <summary>The escaped length of <paramref name="text"/> (at most 6× for control bytes).</summary>
    public static int EscapedLength(ReadOnlySpan<byte> text)
    {
        var length = text.Length;
        foreach (var b in text)
        {
            if (b < 0x20) length += b is (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\b' or (byte)'\f' ? 1 : 5;
            else if (b is (byte)'"' or (byte)'\\') length++;
        }
        return length;
    }

    /// <summary>Writes <paramref name="text"/> escaped into <paramref name="destination"/>, which holds <see cref="EscapedLength"/> bytes.</summary>
    public static int Escape(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        var j = 0;
        foreach (var b in text)
        {
            switch (b)
            {
                case (byte)'"': destination[j++] = (byte)'\\'; destination[j++] = (byte)'"'; break;
                case (byte)'\\': destination[j++] = (byte)'\\'; destination[j++] = (byte)'\\'; break;
                case (byte)'\n': destination[j++] = (byte)'\\'; destination[j++] = (byte)'n'; break;
                case (byte)'\r': destination[j++] = (byte)'\\'; destination[j++] = (byte)'r'; break;
                case (byte)'\t': destination[j++] = (byte)'\\'; destination[j++] = (byte)'t'; break;
                case (byte)'\b': destination[j++] = (byte)'\\'; destination[j++] = (byte)'b'; break;
                case (byte)'\f': destination[j++] = (byte)'\\'; destination[j++] = (byte)'f'; break;
                case < 0x20:
                    "\\u00"u8.CopyTo(destination[j..]);
                    destination[j + 4] = Hex[b >> 4];
                    destination[j + 5] = Hex[b & 0xF];
                    j += 6;
                    break;
                default: destination[j++] = b; break;
            }
        }
        return j;
    }

    /// <summary>Escapes a string for a JSON literal at startup (bindings, hostname): not for hot paths.</summary>
    public static byte[] EncodeString(string text)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        var escaped = new byte[EscapedLength(utf8) + 2];
        escaped[0] = (byte)'"';
        Escape(utf8, escaped.AsSpan(1));
        escaped[^1] = (byte)'"';
        return escaped;
    }
}
