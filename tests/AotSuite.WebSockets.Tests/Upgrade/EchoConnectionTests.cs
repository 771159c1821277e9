using static AotSuite.WebSockets.Tests.Framing.Frames;

namespace AotSuite.WebSockets.Tests.Upgrade;

/// <summary>Frames through a raw socket to the echo endpoint, sent whole, byte by byte and in random splits.</summary>
[NotInParallel]
public class EchoConnectionTests
{
    private static async Task<List<string>> Exchange(EchoServer server, byte[] frames, int[]? arrivals = null)
    {
        arrivals ??= [frames.Length];
        using var client = await RawClient.ConnectAsync(server.Port);
        // The frames go right behind the handshake, in the same writes: the server must not lose what it buffered.
        var handshake = System.Text.Encoding.ASCII.GetBytes(RawClient.Handshake());
        await client.SendAsync(Concat(handshake, frames), [handshake.Length + arrivals[0], .. arrivals[1..]]);
        await client.ReadHeadAsync();
        return await client.ReadFramesToEndAsync();
    }

    [Test]
    public async Task Echoes_messages_answers_pings_and_completes_the_close_handshake()
    {
        await using var server = new EchoServer();
        var frames = Concat(Text("Hello"), Text("wö", fin: false), Ping("hb"), Continuation("rld"), Binary([0xCA, 0xFE]), Close(1000, "done"));
        foreach (var (name, sizes) in Arrivals(frames.Length))
        {
            var received = await Exchange(server, frames, sizes);
            await Assert.That(received).IsEquivalentTo(new[] { "text Hello", "pong hb", "text wörld", "binary CAFE", "close 1000" }).Because(name);
        }
    }

    [Test]
    public async Task Fails_a_protocol_error_with_1002_and_echoes_nothing_after_it()
    {
        await using var server = new EchoServer();
        var frames = Concat(Text("before"), Text("unmasked", masked: false), Text("after"));
        foreach (var (name, sizes) in Arrivals(frames.Length).Take(3))
        {
            var received = await Exchange(server, frames, sizes);
            await Assert.That(received).IsEquivalentTo(new[] { "text before", "close 1002 a client frame is not masked (RFC 6455 §5.1)" }).Because(name);
        }
    }

    [Test]
    public async Task Closes_with_1007_on_invalid_utf8_and_1009_on_an_oversized_message()
    {
        await using var server = new EchoServer(new WebSocketOptions { Limits = new WebSocketLimits { MaxMessageSize = 1000 } });
        var utf8 = await Exchange(server, Frame(1, [0xFF]));
        await Assert.That(utf8).IsEquivalentTo(new[] { "close 1007 a text message is not valid UTF-8" });
        var big = await Exchange(server, Binary(new byte[1001]));
        await Assert.That(big.Single()).StartsWith("close 1009 ");
    }
}
