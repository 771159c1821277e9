using System.Text;
using AotSuite.WebSockets.Client;
using AotSuite.WebSockets.Handshake;
using AotSuite.WebSockets.Tests.Upgrade;

namespace AotSuite.WebSockets.Tests.Compression;

/// <summary>RFC 7692 §5 and §7.1: what a server accepts or declines, and what a client accepts in the answer.</summary>
[NotInParallel]
public class DeflateNegotiationTests
{
    private static async Task<string?> NegotiateAsync(EchoServer server, string offers)
    {
        using var client = await RawClient.ConnectAsync(server.Port);
        await client.SendAsync(RawClient.Handshake(extra: offers));
        var head = await client.ReadHeadAsync();
        await Assert.That(head).StartsWith("HTTP/1.1 101 ");
        var line = head.Split("\r\n").FirstOrDefault(static l => l.StartsWith("Sec-WebSocket-Extensions: ", StringComparison.Ordinal));
        return line?["Sec-WebSocket-Extensions: ".Length..];
    }

    [Test]
    [Arguments("permessage-deflate", "permessage-deflate")]
    [Arguments("permessage-deflate; client_max_window_bits", "permessage-deflate")]
    [Arguments("permessage-deflate; client_max_window_bits=\"12\"; client_no_context_takeover", "permessage-deflate")]
    [Arguments("permessage-deflate; server_no_context_takeover", "permessage-deflate; server_no_context_takeover")]
    [Arguments("permessage-deflate; server_max_window_bits=10", "permessage-deflate; server_max_window_bits=10")]
    [Arguments("x-webkit-deflate-frame, permessage-deflate; server_max_window_bits=7, permessage-deflate; mystery, permessage-deflate; server_no_context_takeover", "permessage-deflate; server_no_context_takeover")]
    [Arguments("permessage-deflate; server_max_window_bits=08", null)]
    [Arguments("permessage-deflate; server_max_window_bits", null)]
    [Arguments("permessage-deflate; server_no_context_takeover; server_no_context_takeover", null)]
    [Arguments("permessage-deflate; server_no_context_takeover=1", null)]
    [Arguments("x-webkit-deflate-frame", null)]
    public async Task Accepts_the_first_offer_it_can_honour_and_declines_the_rest(string offers, string? expected)
    {
        await using var server = new EchoServer(new WebSocketOptions { Compression = WebSocketCompression.Default });
        await Assert.That(await NegotiateAsync(server, $"Sec-WebSocket-Extensions: {offers}\r\n")).IsEqualTo(expected);
    }

    [Test]
    public async Task Offers_across_several_header_lines_count_and_the_server_settings_add_their_parameters()
    {
        await using var server = new EchoServer(new WebSocketOptions { Compression = new WebSocketCompression { ServerNoContextTakeover = true, ClientNoContextTakeover = true } });
        var answer = await NegotiateAsync(server, "Sec-WebSocket-Extensions: foo\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
        await Assert.That(answer).IsEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    }

    [Test]
    public async Task A_server_without_compression_declines_every_offer()
    {
        await using var server = new EchoServer();
        await Assert.That(await NegotiateAsync(server, "Sec-WebSocket-Extensions: permessage-deflate\r\n")).IsNull();
    }

    /// <summary>A 101 carrying <paramref name="extensions"/> through the client's response check; what it agreed to.</summary>
    private static string Check(string extensions, WebSocketOptions options)
    {
        Span<byte> accept = stackalloc byte[28];
        var written = HandshakeKey.ComputeAccept(Encoding.ASCII.GetBytes(RawClient.SampleKey), accept);
        var head = $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {Encoding.ASCII.GetString(accept[..written])}\r\nSec-WebSocket-Extensions: {extensions}\r\n\r\n";
        return WebSocketClient.CheckResponse(head, RawClient.SampleKey, options).Deflate?.ToString() ?? "";
    }

    [Test]
    [Arguments("permessage-deflate")]
    [Arguments("permessage-deflate; server_no_context_takeover; client_no_context_takeover")]
    [Arguments("permessage-deflate; server_max_window_bits=9; client_max_window_bits=10")]
    public async Task A_client_accepts_a_valid_answer_to_its_offer(string answer) =>
        await Assert.That(Check(answer, WebSocketOptions.ClientDefault)).IsEqualTo(answer);

    [Test]
    [Arguments("permessage-deflate; client_max_window_bits")]
    [Arguments("permessage-deflate; server_max_window_bits=16")]
    [Arguments("permessage-deflate; unknown")]
    [Arguments("permessage-deflate, permessage-deflate")]
    [Arguments("x-webkit-deflate-frame")]
    public async Task A_client_fails_the_handshake_on_an_answer_it_did_not_offer(string answer)
    {
        var failure = Assert.Throws<WebSocketHandshakeException>(() => Check(answer, WebSocketOptions.ClientDefault));
        await Assert.That(failure.Message).Contains("extension");
        // Nothing offered at all: any extension in the answer fails.
        Assert.Throws<WebSocketHandshakeException>(() => Check("permessage-deflate", WebSocketOptions.Default));
    }
}
