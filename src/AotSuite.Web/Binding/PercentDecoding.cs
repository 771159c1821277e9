using System.Buffers;
using System.Text;

namespace AotSuite.Web.Binding;

/// <summary>RFC 3986 percent-decoding of a path segment or query value into a string (only when a handler wants one).</summary>
internal static class PercentDecoding
{
    public static string ToString(ReadOnlySpan<byte> raw, bool plusIsSpace = false)
    {
        if (raw.IndexOfAny((byte)'%', (byte)'+') < 0) return Encoding.UTF8.GetString(raw);
        byte[]? rented = null;
        var buffer = raw.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
        try
        {
            var length = Decode(raw, buffer, plusIsSpace);
            return Encoding.UTF8.GetString(buffer[..length]);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes into <paramref name="output"/> (at least as long as the input); a malformed escape stays as it is.</summary>
    public static int Decode(ReadOnlySpan<byte> raw, Span<byte> output, bool plusIsSpace)
    {
        var written = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == '%' && i + 2 < raw.Length && Hex(raw[i + 1]) is var hi and >= 0 && Hex(raw[i + 2]) is var lo and >= 0)
            {
                output[written++] = (byte)(hi << 4 | lo);
                i += 2;
            }
            else
            {
                output[written++] = plusIsSpace && b == '+' ? (byte)' ' : b;
            }
        }
        return written;
    }

    private static int Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
