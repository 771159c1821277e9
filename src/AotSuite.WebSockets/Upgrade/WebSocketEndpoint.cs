using System.Text;
using AotSuite.Web;
using AotSuite.WebSockets.Handshake;

namespace AotSuite.WebSockets.Upgrade;

/// <summary>
/// The route's endpoint: validates the handshake inside the framework's pipeline (so middleware such as logging or
/// auth still runs first), then asks the HTTP connection to switch protocols and serves the connection over its
/// transport with <paramref name="serve"/> (a handler's loop or a listener's pump), whose task is the connection's life.
/// </summary>
internal sealed class WebSocketEndpoint(Func<WebSocket, WebContext, ValueTask> serve, WebSocketOptions options) : Endpoint([])
{
    public override ValueTask InvokeAsync(WebContext context)
    {
        var outcome = ServerHandshake.Accept(context.Request, context.Response, options);
        if (!outcome.Accepted)
        {
            context.Status = outcome.Status;
            context.Response.AddHeader("Content-Type"u8, "text/plain; charset=utf-8"u8);
            context.Response.Write(Encoding.UTF8.GetBytes(outcome.Reason + "\n"));
            return default;
        }
        context.Http.Upgrade((transport, draining) =>
            serve(new WebSocket(transport, isServer: true, options, outcome.SubProtocol, deflate: outcome.Deflate) { Draining = draining }, context));
        return default;
    }

    /// <summary>
    /// A <see cref="WebSocketHandler"/>'s connection. Static, with only what it needs after its first wait: an idle
    /// connection keeps this frame for its whole life (the handshake's outcome and the transport are the socket's by then).
    /// </summary>
    public static async ValueTask RunAsync(WebSocketHandler handler, WebSocket socket, WebContext context)
    {
        try
        {
            try
            {
                await handler(socket, context);
            }
            catch (Exception e)
            {
                // The handler's failure ends its connection (1011), never the server.
                Console.Error.WriteLine($"error: WebSocket {Encoding.UTF8.GetString(context.Request.Path)}: {e.Message}");
                await socket.CloseAsync(WebSocketCloseStatus.InternalServerError, "internal error");
            }
            await socket.FinishAsync();
        }
        finally
        {
            await socket.DisposeAsync();
        }
    }
}
