namespace AotSuite.WebSockets;

/// <summary>What one peer may send; over a limit the connection closes with the RFC 6455 status named on each.</summary>
public sealed record WebSocketLimits
{
    public static WebSocketLimits Default { get; } = new();

    /// <summary>Payload of one frame (1009 over it). Checked from the frame header, before any payload is read.</summary>
    public long MaxFrameSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Payload of one message, its fragments together (1009 over it). <c>ws</c>'s maxPayload defaults to 100 MiB.</summary>
    public int MaxMessageSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Frames of one fragmented message (1008 over it): a stream of tiny fragments costs work per frame.</summary>
    public int MaxFragments { get; init; } = 1024;
}
