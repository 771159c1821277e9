using System.IO.Compression;

namespace AotSuite.WebSockets;

/// <summary>
/// permessage-deflate (RFC 7692), set as <see cref="WebSocketOptions.Compression"/>. A server accepts the first offer
/// it can honour and declines the others (§5.1); a client offers it. Then every message of at least
/// <see cref="Threshold"/> bytes goes out compressed, and every compressed message that arrives is inflated, never past
/// <see cref="WebSocketLimits.MaxMessageSize"/>: over it the connection closes with 1009 before the rest is inflated.
/// </summary>
public sealed record WebSocketCompression
{
    public static WebSocketCompression Default { get; } = new();

    /// <summary>Messages shorter than this go out uncompressed: deflating a few bytes costs more than it saves (ws: 1024).</summary>
    public int Threshold { get; init; } = 1024;

    /// <summary>zlib's level for what we send; <see cref="CompressionLevel.Fastest"/> suits many small messages.</summary>
    public CompressionLevel Level { get; init; } = CompressionLevel.Fastest;

    /// <summary>
    /// Server: announce that it compresses every message on its own (its compressor's state, ~300 KB of zlib memory, is
    /// freed after each message instead of kept per connection; messages compress less). Client: ask the server to.
    /// </summary>
    public bool ServerNoContextTakeover { get; init; }

    /// <summary>Server: ask the client to compress every message on its own. Client: do so, and say so.</summary>
    public bool ClientNoContextTakeover { get; init; }
}
