namespace AotSuite.Http.Connection;

/// <summary>One request and its response; reused by its connection for the next request.</summary>
public sealed class HttpContext : IDisposable
{
    internal HttpContext()
    {
    }

    public HttpRequest Request { get; } = new();

    public HttpResponse Response { get; } = new();

    /// <summary>
    /// State an application keeps for the connection, across its requests (the web framework's context lives here, so
    /// it is made once per connection rather than once per request).
    /// </summary>
    public object? ConnectionState { get; set; }

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
