namespace AotSuite.Http.Parsing;

/// <summary>
/// Receives header fields (of a request, a response or a chunked trailer section) as views into the buffer; valid only
/// during the call. Implemented by structs and passed by ref, so the parser's calls are direct and can inline.
/// </summary>
internal interface IHttpHeaderSink
{
    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);
}
