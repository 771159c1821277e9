using System.Text;
using AotSuite.Http.Connection;
using AotSuite.Http.Parsing;
using AotSuite.WebSockets.Compression;

namespace AotSuite.WebSockets.Handshake;

/// <summary>
/// RFC 6455 §4.2.1: checks an opening handshake and writes the 101's header fields; on a bad one, the status and a
/// reason to answer with instead.
/// </summary>
internal static class ServerHandshake
{
    public readonly record struct Outcome(int Status, string? Reason, string? SubProtocol, DeflateParameters? Deflate = null)
    {
        public bool Accepted => Status == 101;
    }

    public static Outcome Accept(HttpRequest request, HttpResponse response, WebSocketOptions options)
    {
        if (request.Method != HttpMethod.Get) return new(405, "a WebSocket handshake is a GET", null);
        if (request.Version == HttpVersion.Http10) return new(400, "a WebSocket handshake needs HTTP/1.1", null);
        if (!HasToken(request, "Upgrade"u8, "websocket"u8))
        {
            response.AddHeader("Upgrade"u8, "websocket"u8);
            return new(426, "this endpoint speaks WebSocket: send 'Upgrade: websocket'", null);
        }
        if (!HasToken(request, "Connection"u8, "upgrade"u8)) return new(400, "the handshake lacks 'Connection: Upgrade'", null);
        if (!request.TryGetHeader("Sec-WebSocket-Version"u8, out var version) || !version.SequenceEqual("13"u8))
        {
            // §4.4: tell the client which version we speak.
            response.AddHeader("Sec-WebSocket-Version"u8, "13"u8);
            return new(426, "unsupported Sec-WebSocket-Version; this server speaks 13", null);
        }
        if (!request.TryGetHeader("Sec-WebSocket-Key"u8, out var key) || !HandshakeKey.IsValid(key.Trim(" \t"u8)))
            return new(400, "Sec-WebSocket-Key is missing or is not 16 bytes in base64", null);
        if (options.AllowedOrigins is { } allowed && request.TryGetHeader("Origin"u8, out var origin) && !IsAllowed(origin, allowed))
            return new(403, "this origin may not open a WebSocket here", null);

        var subProtocol = SelectSubProtocol(request, options.SubProtocols);
        Span<byte> accept = stackalloc byte[28];
        var written = HandshakeKey.ComputeAccept(key.Trim(" \t"u8), accept);
        response.AddHeader("Upgrade"u8, "websocket"u8);
        response.AddHeader("Connection"u8, "Upgrade"u8);
        response.AddHeader("Sec-WebSocket-Accept"u8, accept[..written]);
        if (subProtocol is not null) response.AddHeader("Sec-WebSocket-Protocol"u8, Encoding.ASCII.GetBytes(subProtocol));
        var deflate = options.Compression is { } compression ? DeflateNegotiation.Accept(request, compression) : null;
        if (deflate is { } agreed) response.AddHeader("Sec-WebSocket-Extensions"u8, Encoding.ASCII.GetBytes(agreed.ToString()));
        return new(101, null, subProtocol, deflate);
    }

    /// <summary>Whether any field named <paramref name="name"/> lists <paramref name="token"/> (case-insensitive).</summary>
    internal static bool HasToken(HttpRequest request, ReadOnlySpan<byte> name, ReadOnlySpan<byte> token)
    {
        for (var i = 0; i < request.HeaderCount; i++)
        {
            if (!Ascii.EqualsIgnoreCase(request.HeaderName(i), name)) continue;
            foreach (var item in new TokenList(request.HeaderValue(i)))
            {
                if (Ascii.EqualsIgnoreCase(item, token)) return true;
            }
        }
        return false;
    }

    private static bool IsAllowed(ReadOnlySpan<byte> origin, IReadOnlyList<string> allowed)
    {
        foreach (var candidate in allowed)
        {
            if (Ascii.EqualsIgnoreCase(origin, Encoding.ASCII.GetBytes(candidate))) return true;
        }
        return false;
    }

    private static string? SelectSubProtocol(HttpRequest request, IReadOnlyList<string> supported)
    {
        if (supported.Count == 0) return null;
        for (var i = 0; i < request.HeaderCount; i++)
        {
            if (!Ascii.EqualsIgnoreCase(request.HeaderName(i), "Sec-WebSocket-Protocol"u8)) continue;
            foreach (var offered in new TokenList(request.HeaderValue(i)))
            {
                foreach (var candidate in supported)
                {
                    if (offered.SequenceEqual(Encoding.ASCII.GetBytes(candidate))) return candidate;
                }
            }
        }
        return null;
    }
}
