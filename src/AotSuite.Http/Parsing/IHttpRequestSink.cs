namespace AotSuite.Http.Parsing;

/// <summary>Receives the parts of a request as views into the connection's buffer; they are valid only during the call.</summary>
internal interface IHttpRequestSink : IHttpHeaderSink
{
    void OnRequestLine(HttpMethod method, ReadOnlySpan<byte> methodText, ReadOnlySpan<byte> target, HttpVersion version);
}
