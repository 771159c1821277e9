namespace AotSuite.Http.Connection;

/// <summary>One request and its response; reused by its connection for the next request.</summary>
public sealed class HttpContext : IDisposable
{
    internal HttpContext()
    {
    }

    public HttpRequest Request { get; } = new();

    public HttpResponse Response { get; } = new();

    /// <summary>The client's address and port (a proxy's, behind one); null when the transport is not a socket.</summary>
    public System.Net.EndPoint? RemoteEndPoint { get; internal set; }

    /// <summary>
    /// State an application keeps for the connection, across its requests (the web framework's context lives here, so
    /// it is made once per connection rather than once per request).
    /// </summary>
    public object? ConnectionState { get; set; }

    /// <summary>
    /// Switches protocols after this request (WebSocket): instead of the response, the connection writes
    /// <c>101 Switching Protocols</c> with the response's header fields, flushes it, ends its request loop and hands its
    /// transport to <paramref name="upgrade"/>, which owns it until it returns; the connection then closes.
    /// </summary>
    public void Upgrade(HttpUpgrade upgrade) => PendingUpgrade = upgrade ?? throw new ArgumentNullException(nameof(upgrade));

    internal HttpUpgrade? PendingUpgrade { get; private set; }

    /// <summary>Pooled bytes the request and response hold on to (what an upgraded connection should no longer keep).</summary>
    internal int RetainedBytes => Request.RetainedBytes + Response.RetainedBytes;

    /// <remarks>
    /// The upgrade delegate goes too: its closure would otherwise live as long as this context. After this the context
    /// holds nothing pooled: it lives only as long as the switched-to protocol keeps it, and needs no Dispose.
    /// </remarks>
    internal void ReleaseForUpgrade()
    {
        PendingUpgrade = null;
        Request.ReleaseForUpgrade();
        Response.ReleaseForUpgrade();
    }

    internal void Reset()
    {
        Request.Reset();
        Response.Reset();
        PendingUpgrade = null;
    }

    public void Dispose()
    {
        Request.Dispose();
        Response.Dispose();
    }
}
