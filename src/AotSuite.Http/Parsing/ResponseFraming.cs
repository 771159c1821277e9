namespace AotSuite.Http.Parsing;

/// <summary>
/// The client's side of <see cref="RequestFraming"/>: collects a response's framing fields and decides, with the
/// status and the request method, where the body ends and whether the connection can carry another request.
/// </summary>
internal struct ResponseFraming
{
    private MessageFraming message;

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => message.OnHeader(name, value);

    /// <param name="headRequest">The request was HEAD: whatever the fields say, no body follows (§6.3 rule 1).</param>
    public readonly ResponseFramingResult Complete(HttpVersion version, int statusCode, bool headRequest, HttpLimits limits)
    {
        var keepAlive = message.KeepAlive(version);
        // §6.3 rule 1: HEAD, 1xx, 204 and 304 end at the blank line, whatever the framing fields say.
        if (headRequest || statusCode < 200 || statusCode is 204 or 304) return new ResponseFramingResult(ResponseBodyKind.None, 0, keepAlive);
        if (message.HasTransferEncoding)
        {
            // §6.3 rule 4: a final coding other than chunked means "until close"; a coding under chunked (gzip, chunked)
            // would need decoding we do not do, so it is refused rather than handed over still encoded.
            if (!message.LastCodingIsChunked) return new ResponseFramingResult(ResponseBodyKind.UntilClose, 0, false);
            if (message.UnknownCoding) HttpThrow.Reject(HttpRejectReason.UnsupportedTransferCoding);
            // §6.3 rule 3: with Content-Length too, chunked wins, and the connection must not be reused.
            return new ResponseFramingResult(ResponseBodyKind.Chunked, 0, keepAlive && !message.HasContentLength);
        }
        if (message.HasContentLength)
        {
            if (message.ContentLength > limits.MaxBodyBytes) HttpThrow.Reject(HttpRejectReason.BodyTooLarge);
            return new ResponseFramingResult(message.ContentLength == 0 ? ResponseBodyKind.None : ResponseBodyKind.ContentLength, message.ContentLength, keepAlive);
        }
        // §6.3 rule 8: no length at all; the body runs until the server closes.
        return new ResponseFramingResult(ResponseBodyKind.UntilClose, 0, false);
    }
}

public readonly record struct ResponseFramingResult(ResponseBodyKind Body, long ContentLength, bool KeepAlive);
