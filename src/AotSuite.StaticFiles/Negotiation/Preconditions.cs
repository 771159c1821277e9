using System.Buffers.Text;

namespace AotSuite.StaticFiles.Negotiation;

/// <summary>Conditional requests (RFC 9110 §13) for GET/HEAD of a file.</summary>
internal static class Preconditions
{
    /// <summary>
    /// §13.2.2 order: If-None-Match when present (weak comparison, <c>*</c> matches any current file), else
    /// If-Modified-Since (second precision; an unparsable date is ignored). True: answer 304.
    /// </summary>
    public static bool NotModified(ReadOnlySpan<byte> ifNoneMatch, bool hasIfNoneMatch, ReadOnlySpan<byte> ifModifiedSince, bool hasIfModifiedSince,
        ReadOnlySpan<byte> etag, DateTimeOffset lastModified)
    {
        if (hasIfNoneMatch) return MatchesAny(ifNoneMatch, etag, weak: true);
        return hasIfModifiedSince && TryParseDate(ifModifiedSince, out var since) && lastModified <= since;
    }

    /// <summary>
    /// If-Range (§13.1.5): the range applies only if the validator still matches: an entity tag by strong comparison
    /// (a weak tag never matches), or a date equal to Last-Modified.
    /// </summary>
    public static bool RangeStillValid(ReadOnlySpan<byte> ifRange, ReadOnlySpan<byte> etag, DateTimeOffset lastModified)
    {
        ifRange = ifRange.Trim((byte)' ');
        if (ifRange.StartsWith("W/"u8)) return false;
        if (ifRange.StartsWith("\""u8)) return ifRange.SequenceEqual(etag);
        return TryParseDate(ifRange, out var date) && date == lastModified;
    }

    /// <summary>Whether a comma-separated list of entity tags (or <c>*</c>) contains <paramref name="etag"/>.</summary>
    public static bool MatchesAny(ReadOnlySpan<byte> list, ReadOnlySpan<byte> etag, bool weak)
    {
        var rest = list;
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf((byte)',');
            var tag = (comma < 0 ? rest : rest[..comma]).Trim((byte)' ').Trim((byte)'\t');
            rest = comma < 0 ? default : rest[(comma + 1)..];
            if (tag is [(byte)'*']) return true;
            if (tag.StartsWith("W/"u8))
            {
                if (!weak) continue;
                tag = tag[2..];
            }
            if (tag.SequenceEqual(etag)) return true;
        }
        return false;
    }

    /// <summary>IMF-fixdate (<c>Sun, 06 Nov 1994 08:49:37 GMT</c>), the only form we send; others are ignored.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> text, out DateTimeOffset date) =>
        Utf8Parser.TryParse(text.Trim((byte)' '), out date, out var consumed, 'R') && consumed == text.Trim((byte)' ').Length;
}
