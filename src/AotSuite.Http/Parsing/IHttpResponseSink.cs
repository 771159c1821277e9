namespace AotSuite.Http.Parsing;

/// <summary>Receives the parts of a response head (the client side) as views into the buffer; valid only during the call.</summary>
internal interface IHttpResponseSink : IHttpHeaderSink
{
    void OnStatusLine(HttpVersion version, int statusCode, ReadOnlySpan<byte> reasonPhrase);
}
