namespace AotSuite.WebSockets.Framing;

/// <summary>
/// Incremental UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) that keeps its state
/// between chunks, so a text message is rejected at the first impossible byte even when it arrives split across frames
/// and reads (RFC 6455 §8.1: fail fast). ASCII runs take the vectorised path.
/// </summary>
internal struct Utf8Validator
{
    // Continuation bytes still expected, and the range the next one must fall in (narrower right after E0/ED/F0/F4).
    private int needed;
    private byte low;
    private byte high;

    public readonly bool IsComplete => needed == 0;

    public void Reset() => needed = 0;

    /// <summary>False at the first byte that can never be part of valid UTF-8.</summary>
    public bool Append(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            if (needed == 0)
            {
                var nonAscii = bytes[i..].IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
                if (nonAscii < 0) return true;
                i += nonAscii;
                var lead = bytes[i++];
                (needed, low, high) = lead switch
                {
                    >= 0xC2 and <= 0xDF => (1, (byte)0x80, (byte)0xBF),
                    0xE0 => (2, (byte)0xA0, (byte)0xBF),
                    0xED => (2, (byte)0x80, (byte)0x9F),
                    >= 0xE1 and <= 0xEF => (2, (byte)0x80, (byte)0xBF),
                    0xF0 => (3, (byte)0x90, (byte)0xBF),
                    >= 0xF1 and <= 0xF3 => (3, (byte)0x80, (byte)0xBF),
                    0xF4 => (3, (byte)0x80, (byte)0x8F),
                    _ => (-1, (byte)0, (byte)0),
                };
                if (needed < 0)
                {
                    needed = 0;
                    return false;
                }
                continue;
            }
            var next = bytes[i++];
            if (next < low || next > high) return false;
            needed--;
            low = 0x80;
            high = 0xBF;
        }
        return true;
    }
}
