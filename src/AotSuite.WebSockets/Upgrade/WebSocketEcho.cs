using System.Runtime.CompilerServices;

namespace AotSuite.WebSockets.Upgrade;

/// <summary>Answers text with text and binary with binary until the peer closes: the conformance and benchmark endpoint.</summary>
public sealed class WebSocketEcho : WebSocketListener
{
    private WebSocketEcho()
    {
    }

    public static WebSocketEcho Instance { get; } = new();

    /// <remarks>The message's bytes stay valid until this completes, so the answer is sent from them without a copy.</remarks>
    public override ValueTask OnMessageAsync(WebSocket socket, WebSocketMessage message)
    {
        var send = socket.SendAsync(message.Data, message.Type);
        if (!send.IsCompleted) return AwaitAsync(send);
        _ = send.Result;
        return default;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitAsync(ValueTask<bool> send) => await send;
}
