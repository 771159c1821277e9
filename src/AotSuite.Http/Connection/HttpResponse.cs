namespace AotSuite.Http.Connection;

/// <summary>Status, header fields and a buffered body; the connection writes them when the handler completes.</summary>
public sealed class HttpResponse : IDisposable
{
    private readonly PooledBuffer headers = new(1024);
    private readonly PooledBuffer body = new(4096);

    public int StatusCode { get; set; } = 200;

    /// <summary>Adds a header field; the connection writes Date, Content-Length and Connection itself.</summary>
    public void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        headers.Append(name);
        headers.Append(": "u8);
        headers.Append(value);
        headers.Append("\r\n"u8);
    }

    public void Write(ReadOnlySpan<byte> bytes) => body.Append(bytes);

    internal ReadOnlySpan<byte> HeaderBytes => headers.Span;

    internal ReadOnlySpan<byte> Body => body.Span;

    /// <summary>Discards the status, header fields and body written so far, e.g. to answer with an error instead.</summary>
    public void Clear() => Reset();

    internal void Reset()
    {
        StatusCode = 200;
        headers.Clear();
        body.Clear();
    }

    public void Dispose()
    {
        headers.Dispose();
        body.Dispose();
    }
}
