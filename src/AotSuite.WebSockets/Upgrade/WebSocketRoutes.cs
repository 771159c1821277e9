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
        ArgumentNullException.ThrowIfNull(handler);
        return Map(group, pattern, (socket, context) => WebSocketEndpoint.RunAsync(handler, socket, context), options);
    }

    /// <summary>
    /// As the handler overload, with <paramref name="listener"/> called back for each connection's open, messages and
    /// close: the shape for many mostly idle connections (see <see cref="WebSocketListener"/>).
    /// </summary>
    public static RouteGroup MapWebSocket(this RouteGroup group, string pattern, WebSocketListener listener, WebSocketOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return Map(group, pattern, (socket, context) => ListenerPump.Run(socket, listener, context), options);
    }

    private static RouteGroup Map(RouteGroup group, string pattern, Func<WebSocket, WebContext, ValueTask> serve, WebSocketOptions? options)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.Map(HttpMethod.Get, pattern, new WebSocketEndpoint(serve, options ?? WebSocketOptions.Default));
    }
}
