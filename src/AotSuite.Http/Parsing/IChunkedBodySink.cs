namespace AotSuite.Http.Parsing;

/// <summary>Receives a chunked body's data as it is decoded, and its trailer fields through <see cref="IHttpHeaderSink.OnHeader"/>.</summary>
internal interface IChunkedBodySink : IHttpHeaderSink
{
    /// <summary>Body bytes, still in the connection's buffers; valid only during the call.</summary>
    void OnData(ReadOnlySpan<byte> data);
}
