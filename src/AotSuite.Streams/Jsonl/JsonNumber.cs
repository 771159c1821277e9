namespace AotSuite.Streams.Jsonl;

/// <summary>The JSON number grammar (RFC 8259 §6): what CSV text may be written unquoted.</summary>
internal static class JsonNumber
{
    public static bool IsValid(ReadOnlySpan<byte> s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-') i++;
        if (i >= s.Length) return false;
        if (s[i] == '0') i++;
        else if (s[i] is >= (byte)'1' and <= (byte)'9') i = Digits(s, i);
        else return false;
        if (i < s.Length && s[i] == '.')
        {
            var after = Digits(s, i + 1);
            if (after == i + 1) return false;
            i = after;
        }
        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-') i++;
            var after = Digits(s, i);
            if (after == i) return false;
            i = after;
        }
        return i == s.Length;
    }

    private static int Digits(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && s[i] is >= (byte)'0' and <= (byte)'9') i++;
        return i;
    }
}
