namespace AotSuite.Http.Parsing;

/// <summary>Where a response's body ends (RFC 9112 §6.3).</summary>
public enum ResponseBodyKind : byte
{
    /// <summary>No body: a HEAD request, a 1xx, 204 or 304 status, or <c>Content-Length: 0</c>.</summary>
    None,
    ContentLength,
    Chunked,
    /// <summary>Neither length nor chunked: the body is whatever arrives until the server closes the connection.</summary>
    UntilClose,
}
