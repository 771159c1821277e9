using AotSuite.Web;

namespace AotSuite.WebSockets.Upgrade;

/// <summary>
/// Serves one WebSocket connection; the connection closes (with 1000, if the handler did not close it) when the
/// returned task completes. <paramref name="context"/> is the upgrade request's (route values, query, headers).
/// </summary>
public delegate ValueTask WebSocketHandler(WebSocket socket, WebContext context);
