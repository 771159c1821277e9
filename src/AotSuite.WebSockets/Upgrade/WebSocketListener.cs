using AotSuite.Web;

namespace AotSuite.WebSockets.Upgrade;

/// <summary>
/// Serves a route's WebSocket connections by events, as <c>ws</c>'s <c>on('message')</c> and uWebSockets' behaviours
/// do: <c>app.MapWebSocket("/chat", listener)</c>. One listener serves every connection of its route (keep a
/// connection's own state in <see cref="WebSocket.UserState"/>); the connection reads for it and calls back.
/// </summary>
/// <remarks>
/// Between messages nothing of a connection waits in an async method: it keeps its socket, its reader's registration and
/// <see cref="WebSocket.UserState"/>, not the upgrade request nor a chain of suspended frames. Tens of thousands of idle
/// connections is what this shape is for; a <see cref="WebSocketHandler"/> loop reads the same messages but keeps its
/// frames and the request while it waits.
/// </remarks>
public abstract class WebSocketListener
{
    /// <summary>
    /// The handshake is done and the 101 sent. <paramref name="context"/> (route values, query, headers) is valid until
    /// the returned task completes: copy what the connection needs later into <see cref="WebSocket.UserState"/>.
    /// Messages are read once this completes.
    /// </summary>
    public virtual ValueTask OnOpenAsync(WebSocket socket, WebContext context) => default;

    /// <summary>
    /// One text or binary message (pings are answered and pongs noted before this). <see cref="WebSocketMessage.Data"/>
    /// is valid until the returned task completes; the next message is read after that, so a slow handler slows its
    /// own connection only. A handler that throws closes its connection with 1011; the server goes on.
    /// </summary>
    public abstract ValueTask OnMessageAsync(WebSocket socket, WebSocketMessage message);

    /// <summary>
    /// The connection has ended, whatever ended it (the peer's close, a protocol error, a failed handler, the server's
    /// stop): <see cref="WebSocket.CloseStatus"/> and <see cref="WebSocket.CloseReason"/> say why. Called once per
    /// connection whose <see cref="OnOpenAsync"/> completed.
    /// </summary>
    public virtual ValueTask OnCloseAsync(WebSocket socket) => default;
}
