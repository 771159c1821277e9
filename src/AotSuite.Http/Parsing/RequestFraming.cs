using System.Text;

namespace AotSuite.Http.Parsing;

/// <summary>
/// Collects the header fields that decide where a request's body ends and whether the connection stays open, then
/// decides once all are in (<see cref="Complete"/>). Differing answers are rejected rather than resolved: a front end
/// and this server picking different answers is how requests are smuggled.
/// </summary>
internal struct RequestFraming
{
    private MessageFraming message;
    private int hostCount;

    /// <summary>The client sent <c>Expect: 100-continue</c> and waits for an interim response before sending the body.</summary>
    public bool ExpectContinue { get; private set; }

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (message.OnHeader(name, value)) return;
        switch (name.Length)
        {
            case 4 when Ascii.EqualsIgnoreCase(name, "Host"u8):
                hostCount++;
                break;
            case 6 when Ascii.EqualsIgnoreCase(name, "Expect"u8):
                ExpectContinue |= Ascii.EqualsIgnoreCase(value, "100-continue"u8);
                break;
        }
    }

    /// <summary>The decision for this request, after its last header field.</summary>
    public readonly RequestFramingResult Complete(HttpVersion version, HttpLimits limits)
    {
        // §6.3: a request with both is a smuggling attempt or a broken intermediary; either way, refuse it.
        if (message.HasTransferEncoding && message.HasContentLength) HttpThrow.Reject(HttpRejectReason.ContentLengthWithTransferEncoding);
        if (message.HasTransferEncoding)
        {
            // §6.3: a request whose final coding is not chunked MUST get 400; an understood framing with a coding we do
            // not implement (gzip, chunked) SHOULD get 501.
            if (!message.LastCodingIsChunked) HttpThrow.Reject(HttpRejectReason.ChunkedNotLast);
            if (message.UnknownCoding) HttpThrow.Reject(HttpRejectReason.UnsupportedTransferCoding);
        }
        // RFC 9112 §3.2: HTTP/1.1 requests carry exactly one Host.
        if (version == HttpVersion.Http11 && hostCount == 0) HttpThrow.Reject(HttpRejectReason.MissingHost);
        if (hostCount > 1) HttpThrow.Reject(HttpRejectReason.MultipleHosts);
        if (message.HasContentLength && message.ContentLength > limits.MaxBodyBytes) HttpThrow.Reject(HttpRejectReason.BodyTooLarge);

        var kind = message.HasTransferEncoding ? RequestBodyKind.Chunked
            : message.HasContentLength && message.ContentLength > 0 ? RequestBodyKind.ContentLength : RequestBodyKind.None;
        return new RequestFramingResult(kind, message.HasContentLength ? message.ContentLength : 0, message.KeepAlive(version), ExpectContinue);
    }
}

public readonly record struct RequestFramingResult(RequestBodyKind Body, long ContentLength, bool KeepAlive, bool ExpectContinue);
