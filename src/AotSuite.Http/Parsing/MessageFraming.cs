using System.Buffers.Text;
using System.Text;

namespace AotSuite.Http.Parsing;

/// <summary>
/// The header fields that frame any HTTP/1.1 message, request or response: <c>Content-Length</c>,
/// <c>Transfer-Encoding</c> and <c>Connection</c>. <see cref="RequestFraming"/> and <see cref="ResponseFraming"/> add
/// their own fields and rules on top and decide once the head is complete.
/// </summary>
internal struct MessageFraming
{
    public long ContentLength;
    public bool HasContentLength;
    public bool HasTransferEncoding;
    /// <summary>The last transfer coding listed is <c>chunked</c>.</summary>
    public bool LastCodingIsChunked;
    /// <summary>A coding other than <c>chunked</c> was listed (before it, or instead of it).</summary>
    public bool UnknownCoding;
    public bool ConnectionClose;
    public bool ConnectionKeepAlive;
    private bool chunkedSeen;

    /// <summary>Takes the field if it is one of the three; false for any other field.</summary>
    public bool OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        switch (name.Length)
        {
            case 10 when Ascii.EqualsIgnoreCase(name, "Connection"u8):
                foreach (var token in new TokenList(value))
                {
                    ConnectionClose |= Ascii.EqualsIgnoreCase(token, "close"u8);
                    ConnectionKeepAlive |= Ascii.EqualsIgnoreCase(token, "keep-alive"u8);
                }
                return true;
            case 14 when Ascii.EqualsIgnoreCase(name, "Content-Length"u8):
                OnContentLength(value);
                return true;
            case 17 when Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8):
                HasTransferEncoding = true;
                foreach (var coding in new TokenList(value))
                {
                    // RFC 9112 §6.1: chunked must be the final coding and must not be applied twice.
                    if (chunkedSeen) HttpThrow.Reject(HttpRejectReason.ChunkedNotLast);
                    LastCodingIsChunked = Ascii.EqualsIgnoreCase(coding, "chunked"u8);
                    chunkedSeen |= LastCodingIsChunked;
                    UnknownCoding |= !LastCodingIsChunked;
                }
                return true;
            default:
                return false;
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
            if (HasContentLength && parsed != ContentLength) HttpThrow.Reject(HttpRejectReason.ConflictingContentLength);
            ContentLength = parsed;
            HasContentLength = true;
        }
        if (!HasContentLength) HttpThrow.Reject(HttpRejectReason.InvalidContentLength);
    }

    /// <summary>HTTP/1.1 stays open unless <c>Connection: close</c>; HTTP/1.0 only with <c>Connection: keep-alive</c>.</summary>
    public readonly bool KeepAlive(HttpVersion version) =>
        version == HttpVersion.Http11 ? !ConnectionClose : ConnectionKeepAlive && !ConnectionClose;
}
