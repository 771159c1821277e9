namespace AotSuite.Http.Connection;

/// <summary>One request and its response; reused by its connection for the next request.</summary>
public sealed class HttpContext : IDisposable
{
    internal HttpContext()
    {
    }

    public HttpRequest Request { get; } = new();

    public HttpResponse Response { get; } = new();

    internal void Reset()
    {
        Request.Reset();
        Response.Reset();
    }

    public void Dispose()
    {
        Request.Dispose();
        Response.Dispose();
    }
}
