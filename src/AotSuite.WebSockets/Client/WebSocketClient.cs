using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using AotSuite.WebSockets.Compression;
using AotSuite.WebSockets.Handshake;

namespace AotSuite.WebSockets.Client;

/// <summary>
/// Opens <c>ws://</c> and <c>wss://</c> connections; the connection it returns is the same <see cref="WebSocket"/> the
/// server uses, in the client role.
/// </summary>
public static class WebSocketClient
{
    private const int MaxResponseHead = 16 * 1024;

    /// <param name="options">Null: <see cref="WebSocketOptions.ClientDefault"/> (permessage-deflate offered, as ws's client does).</param>
    public static async Task<WebSocket> ConnectAsync(Uri uri, WebSocketOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var secure = uri.Scheme is "wss" or "https";
        if (!secure && uri.Scheme is not ("ws" or "http")) throw new ArgumentException($"'{uri}': only ws:// and wss:// are supported", nameof(uri));
        options ??= WebSocketOptions.ClientDefault;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(uri.Host, uri.Port, cancellation);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (secure) stream = await AuthenticateAsync(stream, uri, options, cancellation);
            var transport = new Transport(PipeReader.Create(stream), PipeWriter.Create(stream));
            var key = HandshakeKey.NewKey();
            var request = new StringBuilder()
                .Append("GET ").Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n")
                .Append("Host: ").Append(uri.Authority).Append("\r\n")
                .Append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .Append("Sec-WebSocket-Key: ").Append(key).Append("\r\n");
            if (options.SubProtocols.Count > 0) request.Append("Sec-WebSocket-Protocol: ").Append(string.Join(", ", options.SubProtocols)).Append("\r\n");
            if (options.Origin is not null) request.Append("Origin: ").Append(options.Origin).Append("\r\n");
            if (options.Compression is { } compression) request.Append("Sec-WebSocket-Extensions: ").Append(DeflateNegotiation.Offer(compression)).Append("\r\n");
            request.Append("\r\n");
            await transport.Output.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), cancellation);
            var (subProtocol, deflate) = await ReadResponseAsync(transport.Input, key, options, cancellation);
            return new WebSocket(transport, isServer: false, options, subProtocol, stream, deflate);
        }
        catch
        {
            if (stream is not null) await stream.DisposeAsync();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>TLS for <c>wss://</c>: the URI's host is the name the certificate must carry (SNI too).</summary>
    private static async Task<Stream> AuthenticateAsync(Stream stream, Uri uri, WebSocketOptions options, CancellationToken cancellation)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = uri.IdnHost,
                RemoteCertificateValidationCallback = options.ServerCertificateValidation,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }, cancellation);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    /// <summary>RFC 6455 §4.1: the response must be 101 with the matching accept value; returns the chosen subprotocol and compression.</summary>
    private static async Task<(string? SubProtocol, DeflateParameters? Deflate)> ReadResponseAsync(PipeReader input, string key, WebSocketOptions options, CancellationToken cancellation)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellation);
            var buffer = result.Buffer;
            var end = FindHeadEnd(buffer);
            if (end is null)
            {
                if (result.IsCompleted || buffer.Length > MaxResponseHead) throw new WebSocketHandshakeException("the server closed or sent no complete response head");
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }
            var head = Encoding.ASCII.GetString(buffer.Slice(0, end.Value));
            // The frames that may follow the head stay in the pipe for the connection.
            input.AdvanceTo(end.Value);
            return CheckResponse(head, key, options);
        }
    }

    private static SequencePosition? FindHeadEnd(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8) ? reader.Position : null;
    }

    internal static (string? SubProtocol, DeflateParameters? Deflate) CheckResponse(string head, string key, WebSocketOptions options)
    {
        var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || status[1] != "101")
            throw new WebSocketHandshakeException($"the server answered '{lines[0]}' instead of 101 Switching Protocols");
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) fields[line[..colon].Trim()] = fields.TryGetValue(line[..colon].Trim(), out var before) ? before + ", " + line[(colon + 1)..].Trim() : line[(colon + 1)..].Trim();
        }
        if (!fields.TryGetValue("Upgrade", out var upgrade) || !upgrade.Equals("websocket", StringComparison.OrdinalIgnoreCase))
            throw new WebSocketHandshakeException("the 101 lacks 'Upgrade: websocket'");
        if (!fields.TryGetValue("Connection", out var connection) || !connection.Split(',').Any(t => t.Trim().Equals("upgrade", StringComparison.OrdinalIgnoreCase)))
            throw new WebSocketHandshakeException("the 101 lacks 'Connection: Upgrade'");
        Span<byte> expected = stackalloc byte[28];
        var written = HandshakeKey.ComputeAccept(Encoding.ASCII.GetBytes(key), expected);
        if (!fields.TryGetValue("Sec-WebSocket-Accept", out var accept) || accept != Encoding.ASCII.GetString(expected[..written]))
            throw new WebSocketHandshakeException("Sec-WebSocket-Accept does not match the key sent");
        DeflateParameters? deflate = null;
        if (fields.TryGetValue("Sec-WebSocket-Extensions", out var extensions))
        {
            if (options.Compression is null) throw new WebSocketHandshakeException($"the server chose extensions this client did not offer: {extensions}");
            deflate = DeflateNegotiation.AcceptResponse(extensions);
        }
        if (!fields.TryGetValue("Sec-WebSocket-Protocol", out var protocol)) return (null, deflate);
        return options.SubProtocols.Contains(protocol) ? (protocol, deflate) : throw new WebSocketHandshakeException($"the server chose subprotocol '{protocol}', which was not offered");
    }

    private sealed record Transport(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
