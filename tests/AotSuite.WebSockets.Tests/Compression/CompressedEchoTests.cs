using System.Text;
using AotSuite.WebSockets.Client;
using AotSuite.WebSockets.Tests.Upgrade;
using static AotSuite.WebSockets.Tests.Framing.Frames;

namespace AotSuite.WebSockets.Tests.Compression;

/// <summary>permessage-deflate end to end: our client and our server, and the bytes on the wire.</summary>
[NotInParallel]
public class CompressedEchoTests
{
    private static readonly WebSocketOptions Compressing = new() { Compression = WebSocketCompression.Default };

    private static async Task EchoesEverythingAsync(WebSocket socket)
    {
        var big = string.Concat(Enumerable.Range(0, 2000).Select(static i => $"line {i % 37}, "));
        var random = new byte[50_000];
        new Random(11).NextBytes(random);
        var repeated = Enumerable.Range(0, 100_000).Select(static i => (byte)(i % 251)).ToArray();
        for (var round = 0; round < 3; round++)
        {
            await socket.SendTextAsync(big);
            await Assert.That((await socket.ReceiveAsync()).Text()).IsEqualTo(big);
            await socket.SendTextAsync("small");
            await Assert.That((await socket.ReceiveAsync()).Text()).IsEqualTo("small");
            await socket.SendAsync(random, WebSocketMessageType.Binary);
            await Assert.That((await socket.ReceiveAsync()).Data.ToArray()).IsEquivalentTo(random);
            await socket.SendAsync(repeated, WebSocketMessageType.Binary);
            await Assert.That((await socket.ReceiveAsync()).Data.ToArray()).IsEquivalentTo(repeated);
        }
        await socket.CloseAsync();
        await Assert.That((await socket.ReceiveAsync()).CloseStatus).IsEqualTo(WebSocketCloseStatus.NormalClosure);
    }

    [Test]
    public async Task Our_client_and_server_agree_on_it_and_echo_through_it()
    {
        await using var server = new EchoServer(Compressing);
        await using var socket = await WebSocketClient.ConnectAsync(server.Url());
        await Assert.That(socket.Extensions).IsEqualTo("permessage-deflate");
        await EchoesEverythingAsync(socket);
    }

    [Test]
    [Arguments(true, false)]
    [Arguments(false, true)]
    [Arguments(true, true)]
    public async Task Echo_works_without_context_takeover_on_either_side(bool serverNoTakeover, bool clientNoTakeover)
    {
        await using var server = new EchoServer(new WebSocketOptions { Compression = new WebSocketCompression { ServerNoContextTakeover = serverNoTakeover } });
        var options = new WebSocketOptions { Compression = new WebSocketCompression { ClientNoContextTakeover = clientNoTakeover, Threshold = 0 } };
        await using var socket = await WebSocketClient.ConnectAsync(server.Url(), options);
        await Assert.That(socket.Extensions.Contains("server_no_context_takeover", StringComparison.Ordinal)).IsEqualTo(serverNoTakeover);
        await EchoesEverythingAsync(socket);
    }

    [Test]
    public async Task A_client_that_asks_for_a_narrow_server_window_gets_plain_frames_back()
    {
        await using var server = new EchoServer(Compressing);
        using var client = await RawClient.ConnectAsync(server.Port);
        var handshake = Encoding.ASCII.GetBytes(RawClient.Handshake(extra: "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=9\r\n"));
        using var peer = new PeerCompressor();
        var text = string.Concat(Enumerable.Repeat("narrow window ", 200));
        await client.SendAsync(Concat(handshake, Frame(1, peer.Message(Encoding.UTF8.GetBytes(text)), rsv: 0x40), Close(1000)));
        await Assert.That(await client.ReadHeadAsync()).Contains("server_max_window_bits=9");
        var bytes = await client.ReadToEndAsync();
        // The echo is not compressed: RSV1 clear (FIN + text = 0x81), and it reads back without an inflater.
        await Assert.That(bytes[0]).IsEqualTo((byte)0x81);
        await Assert.That(Framing.DecoderHarness.DecodeAll(bytes)).IsEquivalentTo(new[] { "text " + text, "close 1000" });
    }

    [Test]
    public async Task The_server_compresses_what_passes_the_threshold_and_inflates_what_the_client_compressed()
    {
        await using var server = new EchoServer(Compressing);
        using var client = await RawClient.ConnectAsync(server.Port);
        var handshake = Encoding.ASCII.GetBytes(RawClient.Handshake(extra: "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"));
        using var peer = new PeerCompressor();
        var big = string.Concat(Enumerable.Repeat("compress me ", 200));
        await client.SendAsync(Concat(handshake, Frame(1, peer.Message(Encoding.UTF8.GetBytes(big)), rsv: 0x40), Text("tiny"), Close(1000)));
        await Assert.That(await client.ReadHeadAsync()).Contains("Sec-WebSocket-Extensions: permessage-deflate\r\n");
        var bytes = await client.ReadToEndAsync();
        // FIN + RSV1 + text: the 2,400-byte echo went out compressed, far smaller than itself.
        await Assert.That(bytes[0]).IsEqualTo((byte)0xC1);
        await Assert.That(bytes[1]).IsLessThan((byte)126);
        await Assert.That(Framing.DecoderHarness.DecodeAll(bytes, deflate: true)).IsEquivalentTo(new[] { "text " + big, "text tiny", "close 1000" });
    }

    [Test]
    public async Task The_server_closes_with_1009_on_a_zip_bomb_and_1002_on_rsv1_in_a_continuation()
    {
        await using var server = new EchoServer(Compressing with { Limits = new WebSocketLimits { MaxMessageSize = 1024 * 1024 } });
        var offer = Encoding.ASCII.GetBytes(RawClient.Handshake(extra: "Sec-WebSocket-Extensions: permessage-deflate\r\n"));
        using var peer = new PeerCompressor();
        using (var bomber = await RawClient.ConnectAsync(server.Port))
        {
            await bomber.SendAsync(Concat(offer, Frame(2, peer.Message(new byte[32 * 1024 * 1024]), rsv: 0x40)));
            await bomber.ReadHeadAsync();
            var frames = await bomber.ReadFramesToEndAsync(deflate: true);
            await Assert.That(frames.Single()).StartsWith("close 1009 ");
        }
        using var misuse = await RawClient.ConnectAsync(server.Port);
        await misuse.SendAsync(Concat(offer, Frame(1, "a"u8, fin: false), Frame(0, "b"u8, rsv: 0x40)));
        await misuse.ReadHeadAsync();
        var closed = await misuse.ReadFramesToEndAsync(deflate: true);
        await Assert.That(closed.Single()).StartsWith("close 1002 ");
    }
}
