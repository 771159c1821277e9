using System.Text;

namespace AotSuite.WebSockets;

/// <summary>
/// One received message. <see cref="Data"/> is a view over a pooled buffer, valid until the next
/// <see cref="WebSocket.ReceiveAsync"/> (which hands the buffer back to the shared pool): copy it (or call
/// <see cref="Text"/>) to keep it longer, and await a send of it before receiving again.
/// </summary>
public readonly struct WebSocketMessage(WebSocketMessageType type, ReadOnlyMemory<byte> data, WebSocketCloseStatus closeStatus = default)
{
    public WebSocketMessageType Type { get; } = type;

    public ReadOnlyMemory<byte> Data { get; } = data;

    /// <summary>For <see cref="WebSocketMessageType.Close"/>: why the connection ended (1006 when it ended without a close frame).</summary>
    public WebSocketCloseStatus CloseStatus { get; } = closeStatus;

    public bool IsClose => Type == WebSocketMessageType.Close;

    /// <summary>The payload as a string (allocates; text messages are already validated UTF-8).</summary>
    public string Text() => Encoding.UTF8.GetString(Data.Span);
}
