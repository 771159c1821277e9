using AotSuite.Web;

namespace AotSuite.WebSockets.Upgrade;

/// <summary>Answers text with text and binary with binary until the peer closes: the conformance and benchmark endpoint.</summary>
public static class WebSocketEcho
{
    public static async ValueTask HandleAsync(WebSocket socket, WebContext context)
    {
        while (true)
        {
            var message = await socket.ReceiveAsync();
            if (message.IsClose) return;
            await socket.SendAsync(message.Data, message.Type);
        }
    }
}
