using System.Buffers.Text;

namespace AotSuite.StaticFiles.Negotiation;

/// <summary>
/// The <c>Range</c> header (RFC 9110 §14.1.2) against a file's length. One range is served as asked (clamped to the
/// end). Several ranges are answered with the whole file, which §14.2 allows (a server MAY ignore Range), unless none of
/// them is satisfiable: then 416, as for one. A malformed header is ignored (§14.2: treat as if absent).
/// </summary>
internal static class ByteRange
{
    public static RangeKind Parse(ReadOnlySpan<byte> header, long length, out long start, out long count)
    {
        start = 0;
        count = length;
        header = header.Trim((byte)' ');
        if (header.Length < 6 || !System.Text.Ascii.EqualsIgnoreCase(header[..6], "bytes="u8)) return RangeKind.Whole;
        var rest = header[6..];
        var ranges = 0;
        var satisfiable = 0;
        long firstStart = 0, firstCount = 0;
        while (true)
        {
            var comma = rest.IndexOf((byte)',');
            var spec = (comma < 0 ? rest : rest[..comma]).Trim((byte)' ').Trim((byte)'\t');
            rest = comma < 0 ? default : rest[(comma + 1)..];
            // RFC 9110 §5.6.1: empty list elements are allowed and ignored.
            if (!spec.IsEmpty)
            {
                if (!TryParseSpec(spec, length, out var s, out var c, out var ok)) return RangeKind.Whole;
                ranges++;
                if (ok)
                {
                    if (satisfiable++ == 0)
                    {
                        firstStart = s;
                        firstCount = c;
                    }
                }
            }
            if (comma < 0) break;
        }
        if (ranges == 0) return RangeKind.Whole;
        if (satisfiable == 0) return RangeKind.Unsatisfiable;
        if (ranges > 1) return RangeKind.Whole;
        start = firstStart;
        count = firstCount;
        return RangeKind.Partial;
    }

    /// <summary>False when malformed; <paramref name="satisfiable"/> false when well formed but outside the file.</summary>
    private static bool TryParseSpec(ReadOnlySpan<byte> spec, long length, out long start, out long count, out bool satisfiable)
    {
        start = count = 0;
        satisfiable = false;
        var dash = spec.IndexOf((byte)'-');
        if (dash < 0) return false;
        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.IsEmpty)
        {
            // Suffix range: the last N bytes.
            if (!TryDigits(last, out var suffix)) return false;
            if (suffix == 0 || length == 0) return true;
            count = Math.Min(suffix, length);
            start = length - count;
            satisfiable = true;
            return true;
        }
        if (!TryDigits(first, out var from)) return false;
        var to = long.MaxValue;
        if (!last.IsEmpty && !TryDigits(last, out to)) return false;
        if (to < from) return false;
        if (from >= length) return true;
        start = from;
        count = Math.Min(to, length - 1) - from + 1;
        satisfiable = true;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 18 || text.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0) return false;
        return Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
    }
}
