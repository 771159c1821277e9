namespace AotSuite.Http.Parsing;

/// <summary>Sizes checked before parsing, so an oversized request costs no more than the limit to refuse.</summary>
public sealed record HttpLimits
{
    /// <summary>Bytes of the request line including CRLF (Kestrel and nginx default to 8 KiB). Over it: 414.</summary>
    public int MaxRequestLineBytes { get; init; } = 8 * 1024;

    /// <summary>Bytes of all header lines together, including CRLFs and the blank line. Over it: 431.</summary>
    public int MaxHeaderBytes { get; init; } = 32 * 1024;

    /// <summary>Number of header fields. Over it: 431.</summary>
    public int MaxHeaderCount { get; init; } = 100;

    /// <summary>Bytes of a request body. Over it: 413.</summary>
    public long MaxBodyBytes { get; init; } = 30 * 1024 * 1024;

    public static HttpLimits Default { get; } = new();
}
