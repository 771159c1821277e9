using AotSuite.Http.Parsing;
using AotSuite.Web;

namespace AotSuite.WebSockets.Upgrade;

/// <summary><c>app.MapWebSocket("/chat", handler)</c>: a GET route that upgrades to WebSocket.</summary>
public static class WebSocketRoutes
{
    /// <summary>
    /// Maps <paramref name="pattern"/> to a WebSocket endpoint. A plain request there gets 426 (Upgrade Required), a bad
    /// handshake 400/403/426 with the reason; a good one 101, then <paramref name="handler"/> owns the connection.
    /// </summary>
    public static RouteGroup MapWebSocket(this RouteGroup group, string pattern, WebSocketHandler handler, WebSocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(handler);
        return group.Map(HttpMethod.Get, pattern, new WebSocketEndpoint(handler, options ?? WebSocketOptions.Default));
    }
}
