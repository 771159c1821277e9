using System.Buffers.Text;
using System.Text;

namespace AotSuite.Http.Parsing;

/// <summary>
/// Collects the header fields that decide where a request's body ends and whether the connection stays open, then
/// decides once all are in (<see cref="Complete"/>). Differing answers are rejected rather than resolved: a front end
/// and this server picking different answers is how requests are smuggled.
/// </summary>
internal struct RequestFraming
{
    private long contentLength;
    private bool hasContentLength;
    private bool hasTransferEncoding;
    private bool chunkedSeen;
    private bool lastCodingIsChunked;
    private bool unknownCoding;
    private int hostCount;
    private bool connectionClose;
    private bool connectionKeepAlive;

    /// <summary>The client sent <c>Expect: 100-continue</c> and waits for an interim response before sending the body.</summary>
    public bool ExpectContinue { get; private set; }

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        switch (name.Length)
        {
            case 4 when Ascii.EqualsIgnoreCase(name, "Host"u8):
                hostCount++;
                break;
            case 6 when Ascii.EqualsIgnoreCase(name, "Expect"u8):
                ExpectContinue |= Ascii.EqualsIgnoreCase(value, "100-continue"u8);
                break;
            case 10 when Ascii.EqualsIgnoreCase(name, "Connection"u8):
                foreach (var token in new TokenList(value))
                {
                    connectionClose |= Ascii.EqualsIgnoreCase(token, "close"u8);
                    connectionKeepAlive |= Ascii.EqualsIgnoreCase(token, "keep-alive"u8);
                }
                break;
            case 14 when Ascii.EqualsIgnoreCase(name, "Content-Length"u8):
                OnContentLength(value);
                break;
            case 17 when Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8):
                hasTransferEncoding = true;
                foreach (var coding in new TokenList(value))
                {
                    // §6.1: chunked must be the final coding and must not be applied twice.
                    if (chunkedSeen) HttpThrow.Reject(HttpRejectReason.ChunkedNotLast);
                    lastCodingIsChunked = Ascii.EqualsIgnoreCase(coding, "chunked"u8);
                    chunkedSeen |= lastCodingIsChunked;
                    unknownCoding |= !lastCodingIsChunked;
                }
                break;
        }
    }

    private void OnContentLength(ReadOnlySpan<byte> value)
    {
        // RFC 9110 §8.6: a list of identical values ("42, 42", or the field repeated) may be accepted; anything else is invalid.
        foreach (var item in new TokenList(value))
        {
            if (item.Length == 0 || item.Length > 18 || item.ContainsAnyExceptInRange((byte)'0', (byte)'9') ||
                !Utf8Parser.TryParse(item, out long parsed, out var consumed) || consumed != item.Length)
            {
                HttpThrow.Reject(HttpRejectReason.InvalidContentLength);
                return;
            }
            if (hasContentLength && parsed != contentLength) HttpThrow.Reject(HttpRejectReason.ConflictingContentLength);
            contentLength = parsed;
            hasContentLength = true;
        }
        if (!hasContentLength) HttpThrow.Reject(HttpRejectReason.InvalidContentLength);
    }

    /// <summary>The decision for this request, after its last header field.</summary>
    public readonly RequestFramingResult Complete(HttpVersion version, HttpLimits limits)
    {
        // §6.3: a request with both is a smuggling attempt or a broken intermediary; either way, refuse it.
        if (hasTransferEncoding && hasContentLength) HttpThrow.Reject(HttpRejectReason.ContentLengthWithTransferEncoding);
        if (hasTransferEncoding)
        {
            // §6.3: a request whose final coding is not chunked MUST get 400; an understood framing with a coding we do
            // not implement (gzip, chunked) SHOULD get 501.
            if (!lastCodingIsChunked) HttpThrow.Reject(HttpRejectReason.ChunkedNotLast);
            if (unknownCoding) HttpThrow.Reject(HttpRejectReason.UnsupportedTransferCoding);
        }
        // RFC 9112 §3.2: HTTP/1.1 requests carry exactly one Host.
        if (version == HttpVersion.Http11 && hostCount == 0) HttpThrow.Reject(HttpRejectReason.MissingHost);
        if (hostCount > 1) HttpThrow.Reject(HttpRejectReason.MultipleHosts);
        if (hasContentLength && contentLength > limits.MaxBodyBytes) HttpThrow.Reject(HttpRejectReason.BodyTooLarge);

        var keepAlive = version == HttpVersion.Http11 ? !connectionClose : connectionKeepAlive && !connectionClose;
        var kind = hasTransferEncoding ? RequestBodyKind.Chunked : hasContentLength && contentLength > 0 ? RequestBodyKind.ContentLength : RequestBodyKind.None;
        return new RequestFramingResult(kind, hasContentLength ? contentLength : 0, keepAlive, ExpectContinue);
    }
}

public readonly record struct RequestFramingResult(RequestBodyKind Body, long ContentLength, bool KeepAlive, bool ExpectContinue);
