namespace AotSuite.WebSockets;

/// <summary>
/// The peer broke RFC 6455 or a limit: the connection is failed with <see cref="Status"/> (1002, 1007, 1008 or 1009)
/// and nothing after the offending frame is processed.
/// </summary>
public sealed class WebSocketProtocolException(WebSocketCloseStatus status, string reason) : Exception(reason)
{
    public WebSocketCloseStatus Status { get; } = status;
}
