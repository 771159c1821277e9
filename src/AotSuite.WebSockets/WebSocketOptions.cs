using System.Net.Security;

namespace AotSuite.WebSockets;

/// <summary>Options of a WebSocket endpoint (server) or connection (client).</summary>
public sealed record WebSocketOptions
{
    /// <summary>A server's defaults: no compression (as ws's server).</summary>
    public static WebSocketOptions Default { get; } = new();

    /// <summary>
    /// What <see cref="Client.WebSocketClient.ConnectAsync"/> uses when given no options: as ws's client, it offers
    /// permessage-deflate (<see cref="WebSocketCompression.Default"/>).
    /// </summary>
    public static WebSocketOptions ClientDefault { get; } = new() { Compression = WebSocketCompression.Default };

    public WebSocketLimits Limits { get; init; } = WebSocketLimits.Default;

    /// <summary>
    /// Server: the browser origins accepted (exact <c>scheme://host[:port]</c>, case-insensitive); others get 403. Null
    /// accepts any; a request without <c>Origin</c> (not a browser) is always accepted.
    /// </summary>
    public IReadOnlyList<string>? AllowedOrigins { get; init; }

    /// <summary>
    /// Server: the subprotocols spoken; the first one the client offers (in its order) is selected. Client: the ones
    /// offered, in preference order.
    /// </summary>
    public IReadOnlyList<string> SubProtocols { get; init; } = [];

    /// <summary>
    /// permessage-deflate (RFC 7692); null leaves it off. A server accepts a client's offer only when this is set (ws's
    /// server default too); a client offers it only when this is set (<see cref="ClientDefault"/> does, as ws's client).
    /// </summary>
    public WebSocketCompression? Compression { get; init; }

    /// <summary>Client: the Origin header to send (none by default).</summary>
    public string? Origin { get; init; }

    /// <summary>Bytes queued for one peer (frames waiting for the socket) before <see cref="Backpressure"/> applies.</summary>
    public int MaxPendingSendBytes { get; init; } = 1024 * 1024;

    public WebSocketBackpressure Backpressure { get; init; } = WebSocketBackpressure.Drop;

    /// <summary>How long a close waits for the peer's close frame before the connection is cut.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Client, <c>wss://</c>: decides whether the server's certificate is trusted; null means the system's rules.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }
}
