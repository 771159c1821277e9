namespace AotSuite.WebSockets;

public enum WebSocketState : byte
{
    Open,
    /// <summary>Our close frame is sent; messages may still arrive until the peer's.</summary>
    CloseSent,
    Closed,
}
