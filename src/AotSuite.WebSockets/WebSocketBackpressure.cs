namespace AotSuite.WebSockets;

/// <summary>What happens when a peer reads slower than it is sent to (see <see cref="WebSocketOptions.MaxPendingSendBytes"/>).</summary>
public enum WebSocketBackpressure : byte
{
    /// <summary>
    /// The connection is dropped (reported as 1008, "send queue full") as soon as what waits to be sent to it passes the
    /// limit; a broadcast never waits for its slowest reader and memory stays bounded. The default, for fan-out.
    /// </summary>
    Drop,

    /// <summary>
    /// <see cref="WebSocket.SendAsync"/> completes only once its frame is handed to the socket: a sender that awaits each
    /// send slows down to the reader's pace (memory is then bounded by the senders, not by the limit).
    /// </summary>
    Block,
}
