namespace AotSuite.Http.Parsing;

/// <summary>Why a request (or, on the client's side, a response) was refused; <see cref="HttpRejectReasons.StatusCode"/> maps each to its status.</summary>
public enum HttpRejectReason : byte
{
    InvalidRequestLine,
    InvalidMethod,
    InvalidRequestTarget,
    InvalidVersion,
    UnsupportedVersion,
    RequestLineTooLong,
    InvalidHeaderName,
    WhitespaceBeforeColon,
    InvalidHeaderValue,
    ObsoleteLineFolding,
    BareLineFeed,
    HeadersTooLarge,
    TooManyHeaders,
    MissingHost,
    MultipleHosts,
    InvalidContentLength,
    ConflictingContentLength,
    ContentLengthWithTransferEncoding,
    UnsupportedTransferCoding,
    ChunkedNotLast,
    InvalidChunk,
    BodyTooLarge,
    InvalidStatusLine,
    StatusLineTooLong,
    IncompleteBody,
    RequestBodyTimeout,
    RequestBodyTooSlow,
}

public static class HttpRejectReasons
{
    public static int StatusCode(this HttpRejectReason reason) => reason switch
    {
        HttpRejectReason.RequestLineTooLong => 414,
        HttpRejectReason.HeadersTooLarge or HttpRejectReason.TooManyHeaders => 431,
        HttpRejectReason.UnsupportedVersion => 505,
        HttpRejectReason.UnsupportedTransferCoding => 501,
        HttpRejectReason.BodyTooLarge => 413,
        HttpRejectReason.RequestBodyTimeout or HttpRejectReason.RequestBodyTooSlow => 408,
        _ => 400,
    };

    /// <summary>A short, fixed explanation for the response body and logs.</summary>
    public static string Describe(this HttpRejectReason reason) => reason switch
    {
        HttpRejectReason.InvalidRequestLine => "malformed request line",
        HttpRejectReason.InvalidMethod => "invalid method token",
        HttpRejectReason.InvalidRequestTarget => "invalid request target",
        HttpRejectReason.InvalidVersion => "malformed HTTP version",
        HttpRejectReason.UnsupportedVersion => "HTTP version not supported",
        HttpRejectReason.RequestLineTooLong => "request line too long",
        HttpRejectReason.InvalidHeaderName => "invalid header field name",
        HttpRejectReason.WhitespaceBeforeColon => "whitespace between header field name and colon",
        HttpRejectReason.InvalidHeaderValue => "invalid byte in header field value",
        HttpRejectReason.ObsoleteLineFolding => "obsolete line folding",
        HttpRejectReason.BareLineFeed => "line not terminated by CRLF",
        HttpRejectReason.HeadersTooLarge => "header fields too large",
        HttpRejectReason.TooManyHeaders => "too many header fields",
        HttpRejectReason.MissingHost => "missing Host header",
        HttpRejectReason.MultipleHosts => "more than one Host header",
        HttpRejectReason.InvalidContentLength => "invalid Content-Length",
        HttpRejectReason.ConflictingContentLength => "conflicting Content-Length values",
        HttpRejectReason.ContentLengthWithTransferEncoding => "both Content-Length and Transfer-Encoding",
        HttpRejectReason.UnsupportedTransferCoding => "transfer coding not implemented",
        HttpRejectReason.ChunkedNotLast => "chunked is not the final transfer coding",
        HttpRejectReason.InvalidChunk => "malformed chunked body",
        HttpRejectReason.BodyTooLarge => "request body too large",
        HttpRejectReason.InvalidStatusLine => "malformed status line",
        HttpRejectReason.StatusLineTooLong => "status line too long",
        HttpRejectReason.IncompleteBody => "the connection ended before the request body did",
        HttpRejectReason.RequestBodyTimeout => "no request body data arrived within the body timeout",
        HttpRejectReason.RequestBodyTooSlow => "request body data arrived slower than the minimum data rate",
        _ => "bad request",
    };
}
