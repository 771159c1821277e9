namespace AotSuite.WebSockets;

public enum WebSocketMessageType : byte
{
    Text = 1,
    Binary = 2,
    /// <summary>The connection is over: see <see cref="WebSocketMessage.CloseStatus"/>.</summary>
    Close = 8,
}
