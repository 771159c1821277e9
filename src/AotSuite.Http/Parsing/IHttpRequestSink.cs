namespace AotSuite.Http.Parsing;

/// <summary>
/// Receives the parts of a request as views into the connection's buffer; they are valid only during the call.
/// Implemented by structs and passed by ref, so the parser's calls are direct and can inline.
/// </summary>
internal interface IHttpRequestSink
{
    void OnRequestLine(HttpMethod method, ReadOnlySpan<byte> methodText, ReadOnlySpan<byte> target, HttpVersion version);

    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);
}
