using System.IO.Pipelines;
using System.Text;
using AotSuite.Web;
using AotSuite.WebSockets.Handshake;

namespace AotSuite.WebSockets.Upgrade;

/// <summary>
/// The route's endpoint: validates the handshake inside the framework's pipeline (so middleware such as logging or
/// auth still runs first), then asks the HTTP connection to switch protocols and runs the handler over its transport.
/// </summary>
internal sealed class WebSocketEndpoint(WebSocketHandler handler, WebSocketOptions options) : Endpoint([])
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
        context.Http.Upgrade((transport, draining) => RunAsync(transport, draining, context, outcome));
        return default;
    }

    private async ValueTask RunAsync(IDuplexPipe transport, CancellationToken draining, WebContext context, ServerHandshake.Outcome outcome)
    {
        await using var socket = new WebSocket(transport, isServer: true, options, outcome.SubProtocol, deflate: outcome.Deflate) { Draining = draining };
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
}
