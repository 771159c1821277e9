using System.Buffers;
using System.Runtime.CompilerServices;

namespace AotSuite.Http.Parsing;

/// <summary>
/// RFC 9112 request line, status line and header fields over a <see cref="SequenceReader{T}"/>. Each method either consumes whole
/// lines and returns true, or returns false with the reader left at the start of the incomplete line, so the caller can
/// <c>AdvanceTo(reader.Position, buffer.End)</c> and wait for more bytes without rescanning what was parsed.
/// Strict on purpose: every ambiguity that request smuggling relies on is a rejection, not a guess.
/// </summary>
internal static class HttpParser
{
    public static bool TryParseRequestLine<TSink>(ref SequenceReader<byte> reader, ref TSink sink, HttpLimits limits)
        where TSink : struct, IHttpRequestSink
    {
        if (!TryReadLine(ref reader, limits.MaxRequestLineBytes, HttpRejectReason.RequestLineTooLong, out var line, out var rented))
        {
            return false;
        }
        try
        {
            ParseRequestLine(line, ref sink);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
        return true;
    }

    /// <summary>
    /// The status line of a response (the client's side, RFC 9112 §4): <c>HTTP-version SP 3DIGIT SP [reason-phrase]</c>.
    /// The SP before an empty reason may be missing: servers that omit it exist, and nothing is ambiguous without it.
    /// </summary>
    public static bool TryParseStatusLine<TSink>(ref SequenceReader<byte> reader, ref TSink sink, HttpLimits limits)
        where TSink : struct, IHttpResponseSink
    {
        if (!TryReadLine(ref reader, limits.MaxRequestLineBytes, HttpRejectReason.StatusLineTooLong, out var line, out var rented))
        {
            return false;
        }
        try
        {
            ParseStatusLine(line[..^2], ref sink);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
        return true;
    }

    /// <summary>Parses header lines up to and including the blank line that ends them (then returns true).</summary>
    public static bool TryParseHeaders<TSink>(ref SequenceReader<byte> reader, ref TSink sink, HttpLimits limits, ref HeaderBudget budget)
        where TSink : struct, IHttpHeaderSink
    {
        while (true)
        {
            var remaining = limits.MaxHeaderBytes - budget.Bytes;
            if (!TryReadLine(ref reader, remaining, HttpRejectReason.HeadersTooLarge, out var line, out var rented)) return false;
            try
            {
                budget.Bytes += line.Length;
                if (line.Length == 2) return true; // CRLF alone: the end of the header section
                if (++budget.Count > limits.MaxHeaderCount) HttpThrow.Reject(HttpRejectReason.TooManyHeaders);
                ParseHeaderLine(line[..^2], ref sink);
            }
            finally
            {
                if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// One CRLF-terminated line (CRLF included) of at most <paramref name="max"/> bytes. The common case, a line inside
    /// one buffer segment, is a vectorised search and a slice; a line split across segments is copied into a pooled array.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryReadLine(ref SequenceReader<byte> reader, int max, HttpRejectReason tooLong, out ReadOnlySpan<byte> line, out byte[]? rented)
    {
        rented = null;
        var span = reader.UnreadSpan;
        var lf = span.IndexOf((byte)'\n');
        if (lf >= 0)
        {
            if (lf + 1 > max) HttpThrow.Reject(tooLong);
            line = span[..(lf + 1)];
            reader.Advance(lf + 1);
            CheckCrlf(line);
            return true;
        }
        if (reader.Remaining == span.Length)
        {
            // All we have is in this segment and it holds no LF: wait, unless the line is already past the limit.
            if (span.Length >= max) HttpThrow.Reject(tooLong);
            line = default;
            return false;
        }
        return TryReadLineAcrossSegments(ref reader, max, tooLong, out line, out rented);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryReadLineAcrossSegments(ref SequenceReader<byte> reader, int max, HttpRejectReason tooLong, out ReadOnlySpan<byte> line, out byte[]? rented)
    {
        var start = reader.Position;
        if (!reader.TryAdvanceTo((byte)'\n', advancePastDelimiter: true))
        {
            if (reader.Remaining >= max) HttpThrow.Reject(tooLong);
            rented = null;
            line = default;
            return false;
        }
        var sequence = reader.Sequence.Slice(start, reader.Position);
        if (sequence.Length > max) HttpThrow.Reject(tooLong);
        var length = (int)sequence.Length;
        rented = ArrayPool<byte>.Shared.Rent(length);
        sequence.CopyTo(rented);
        line = rented.AsSpan(0, length);
        CheckCrlf(line);
        return true;
    }

    private static void CheckCrlf(ReadOnlySpan<byte> line)
    {
        // RFC 9112 §2.2: a recipient MAY accept a bare LF; we do not, since peers that disagree on line ends disagree on
        // where a request ends.
        if (line.Length < 2 || line[^2] != (byte)'\r') HttpThrow.Reject(HttpRejectReason.BareLineFeed);
    }

    private static void ParseRequestLine<TSink>(ReadOnlySpan<byte> line, ref TSink sink) where TSink : struct, IHttpRequestSink
    {
        var content = line[..^2];
        var firstSpace = content.IndexOf((byte)' ');
        if (firstSpace <= 0) HttpThrow.Reject(HttpRejectReason.InvalidRequestLine);
        var methodText = content[..firstSpace];
        if (methodText.ContainsAnyExcept(HttpCharacters.Token)) HttpThrow.Reject(HttpRejectReason.InvalidMethod);

        var rest = content[(firstSpace + 1)..];
        var secondSpace = rest.IndexOf((byte)' ');
        if (secondSpace <= 0) HttpThrow.Reject(HttpRejectReason.InvalidRequestLine);
        var target = rest[..secondSpace];
        var versionText = rest[(secondSpace + 1)..];

        var version = ParseVersion(versionText);
        var method = ParseMethod(methodText);
        if (target.ContainsAnyExcept(HttpCharacters.Target) || !IsValidTargetForm(method, target))
        {
            HttpThrow.Reject(HttpRejectReason.InvalidRequestTarget);
        }
        sink.OnRequestLine(method, methodText, target, version);
    }

    private static void ParseStatusLine<TSink>(ReadOnlySpan<byte> content, ref TSink sink) where TSink : struct, IHttpResponseSink
    {
        if (content.Length < 12 || content[8] != ' ' || !content.StartsWith("HTTP/"u8)) HttpThrow.Reject(HttpRejectReason.InvalidStatusLine);
        var version = ParseVersion(content[..8]);
        var code = content.Slice(9, 3);
        if (code.ContainsAnyExceptInRange((byte)'0', (byte)'9') || code[0] is < (byte)'1' or > (byte)'5') HttpThrow.Reject(HttpRejectReason.InvalidStatusLine);
        var reason = ReadOnlySpan<byte>.Empty;
        if (content.Length > 12)
        {
            if (content[12] != ' ') HttpThrow.Reject(HttpRejectReason.InvalidStatusLine);
            reason = content[13..];
            if (reason.ContainsAnyExcept(HttpCharacters.FieldValue)) HttpThrow.Reject(HttpRejectReason.InvalidStatusLine);
        }
        sink.OnStatusLine(version, (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0'), reason);
    }

    private static HttpVersion ParseVersion(ReadOnlySpan<byte> text)
    {
        if (text.SequenceEqual("HTTP/1.1"u8)) return HttpVersion.Http11;
        if (text.SequenceEqual("HTTP/1.0"u8)) return HttpVersion.Http10;
        // HTTP-version = "HTTP/" DIGIT "." DIGIT (§2.3): well formed but another version is 505, anything else 400.
        var wellFormed = text.Length == 8 && text.StartsWith("HTTP/"u8) && char.IsAsciiDigit((char)text[5]) && text[6] == '.' && char.IsAsciiDigit((char)text[7]);
        HttpThrow.Reject(wellFormed ? HttpRejectReason.UnsupportedVersion : HttpRejectReason.InvalidVersion);
        return default;
    }

    private static HttpMethod ParseMethod(ReadOnlySpan<byte> text) => text.Length switch
    {
        3 when text.SequenceEqual("GET"u8) => HttpMethod.Get,
        3 when text.SequenceEqual("PUT"u8) => HttpMethod.Put,
        4 when text.SequenceEqual("POST"u8) => HttpMethod.Post,
        4 when text.SequenceEqual("HEAD"u8) => HttpMethod.Head,
        5 when text.SequenceEqual("PATCH"u8) => HttpMethod.Patch,
        5 when text.SequenceEqual("TRACE"u8) => HttpMethod.Trace,
        6 when text.SequenceEqual("DELETE"u8) => HttpMethod.Delete,
        7 when text.SequenceEqual("OPTIONS"u8) => HttpMethod.Options,
        7 when text.SequenceEqual("CONNECT"u8) => HttpMethod.Connect,
        _ => HttpMethod.Custom,
    };

    /// <summary>RFC 9112 §3.2: origin-form, absolute-form, authority-form (CONNECT only), asterisk-form (OPTIONS only).</summary>
    private static bool IsValidTargetForm(HttpMethod method, ReadOnlySpan<byte> target)
    {
        if (method == HttpMethod.Connect) return target[0] != '/' && target.IndexOf((byte)':') > 0;
        if (target[0] == '/') return true;
        if (target is [(byte)'*']) return method == HttpMethod.Options;
        var scheme = target.IndexOf("://"u8);
        return scheme > 0 && !target[..scheme].ContainsAnyExcept(HttpCharacters.Token);
    }

    private static void ParseHeaderLine<TSink>(ReadOnlySpan<byte> content, ref TSink sink) where TSink : struct, IHttpHeaderSink
    {
        // §5.2: obs-fold (a line starting with whitespace) must be rejected in a request; a client may unfold it instead,
        // but a peer still sending it is broken enough that refusing (as llhttp's strict mode does) is the clearer answer.
        if (content.Length > 0 && content[0] is (byte)' ' or (byte)'\t') HttpThrow.Reject(HttpRejectReason.ObsoleteLineFolding);
        var colon = content.IndexOf((byte)':');
        if (colon <= 0) HttpThrow.Reject(HttpRejectReason.InvalidHeaderName);
        var name = content[..colon];
        // §5.1: no whitespace between field name and colon; a server MUST reject it (it is a smuggling vector).
        if (name[^1] is (byte)' ' or (byte)'\t') HttpThrow.Reject(HttpRejectReason.WhitespaceBeforeColon);
        if (name.ContainsAnyExcept(HttpCharacters.Token)) HttpThrow.Reject(HttpRejectReason.InvalidHeaderName);
        var value = content[(colon + 1)..].Trim(" \t"u8);
        if (value.ContainsAnyExcept(HttpCharacters.FieldValue)) HttpThrow.Reject(HttpRejectReason.InvalidHeaderValue);
        sink.OnHeader(name, value);
    }
}
