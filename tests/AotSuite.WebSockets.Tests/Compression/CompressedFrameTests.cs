using System.Buffers;
using System.Text;
using AotSuite.WebSockets.Compression;
using AotSuite.WebSockets.Framing;
using AotSuite.WebSockets.Tests.Framing;
using static AotSuite.WebSockets.Tests.Framing.Frames;

namespace AotSuite.WebSockets.Tests.Compression;

/// <summary>RFC 7692 on the receiving side: RSV1, inflation across fragments and reads, context takeover, the zip-bomb cap.</summary>
public class CompressedFrameTests
{
    private const int Rsv1 = 0x40;

    private static async Task ExpectEverywhere(byte[] input, string[] expected, WebSocketLimits? limits = null)
    {
        foreach (var (name, sizes) in Arrivals(input.Length))
        {
            var events = DecoderHarness.Decode(input, sizes, limits, deflate: true);
            await Assert.That(events).IsEquivalentTo(expected).Because(name);
        }
    }

    private static string Repeated(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    [Test]
    public async Task Inflates_compressed_text_and_binary_and_passes_uncompressed_messages_through()
    {
        using var peer = new PeerCompressor();
        var text = Repeated("hello, wörld ", 40);
        var binary = Enumerable.Range(0, 300).Select(static i => (byte)(i % 7)).ToArray();
        var input = Concat(Frame(1, peer.Message(Encoding.UTF8.GetBytes(text)), rsv: Rsv1), Text("plain"), Frame(2, peer.Message(binary), rsv: Rsv1));
        await ExpectEverywhere(input, ["text " + text, "text plain", "binary " + Convert.ToHexString(binary)]);
    }

    [Test]
    public async Task Inflates_a_fragmented_compressed_message_with_a_ping_between_its_fragments()
    {
        using var peer = new PeerCompressor();
        var text = Repeated("fragmented and compressed ", 30);
        var compressed = peer.Message(Encoding.UTF8.GetBytes(text));
        var third = compressed.Length / 3;
        // RSV1 on the first frame only (§6.1); the continuations carry the rest of the same deflate data.
        var input = Concat(Frame(1, compressed.AsSpan(0, third), fin: false, rsv: Rsv1), Ping("hb"),
            Frame(0, compressed.AsSpan(third, third), fin: false), Frame(0, [], fin: false), Frame(0, compressed.AsSpan(2 * third)));
        await ExpectEverywhere(input, ["ping hb", "text " + text]);
    }

    [Test]
    public async Task Reads_messages_that_refer_back_to_earlier_ones_and_messages_compressed_on_their_own()
    {
        var line = Encoding.UTF8.GetBytes(Repeated("{\"type\":\"message\",\"room\":\"lobby\"} ", 20));
        using var takeover = new PeerCompressor(contextTakeover: true);
        var first = takeover.Message(line);
        var second = takeover.Message(line);
        // With context takeover the second copy is a back-reference into the first: far smaller.
        await Assert.That(second.Length).IsLessThan(first.Length / 2);
        var expected = "text " + Encoding.UTF8.GetString(line);
        await ExpectEverywhere(Concat(Frame(1, first, rsv: Rsv1), Frame(1, second, rsv: Rsv1), Frame(1, takeover.Message(line), rsv: Rsv1)), [expected, expected, expected]);

        using var alone = new PeerCompressor(contextTakeover: false);
        var a = alone.Message(line);
        var b = alone.Message(line);
        await Assert.That(b).IsEquivalentTo(a);
        await ExpectEverywhere(Concat(Frame(1, a, rsv: Rsv1), Frame(1, b, rsv: Rsv1)), [expected, expected]);
    }

    [Test]
    public async Task Reads_messages_that_end_their_deflate_stream_with_a_final_block()
    {
        var one = PeerCompressor.WithFinalBlock("first, ended by BFINAL"u8);
        var two = PeerCompressor.WithFinalBlock("second, a new stream"u8);
        await ExpectEverywhere(Concat(Frame(1, one, rsv: Rsv1), Frame(1, two, rsv: Rsv1)), ["text first, ended by BFINAL", "text second, a new stream"]);
    }

    [Test]
    public async Task Fails_with_1002_on_rsv1_where_rfc_7692_forbids_it()
    {
        using var peer = new PeerCompressor();
        var compressed = peer.Message("abc"u8);
        var after = Text("never seen");
        await ExpectEverywhere(Concat(Frame(1, "a"u8, fin: false), Frame(0, compressed, rsv: Rsv1), after), ["fail 1002"]);
        await ExpectEverywhere(Concat(Frame(9, "hb"u8, rsv: Rsv1), after), ["fail 1002"]);
        await ExpectEverywhere(Concat(Frame(8, [0x03, 0xE8], rsv: Rsv1), after), ["fail 1002"]);
        // Not negotiated: RSV1 on anything fails the connection.
        var unnegotiated = DecoderHarness.Decode(Concat(Frame(1, compressed, rsv: Rsv1), after), [compressed.Length + 6 + after.Length]);
        await Assert.That(unnegotiated).IsEquivalentTo(new[] { "fail 1002" });
    }

    [Test]
    public async Task Fails_with_1007_on_corrupt_deflate_data_and_on_text_that_inflates_to_invalid_utf8()
    {
        await ExpectEverywhere(Frame(1, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF], rsv: Rsv1), ["fail 1007"]);
        using var peer = new PeerCompressor();
        await ExpectEverywhere(Frame(1, peer.Message([0x41, 0xC0, 0x80]), rsv: Rsv1), ["fail 1007"]);
    }

    [Test]
    public async Task Stops_a_zip_bomb_with_1009_long_before_inflating_it_all()
    {
        // 64 MiB of zeros deflate to ~64 KB; the limit is 1 MiB.
        using var peer = new PeerCompressor();
        var bomb = Frame(2, peer.Message(new byte[64 * 1024 * 1024]), rsv: Rsv1);
        var limits = new WebSocketLimits { MaxMessageSize = 1024 * 1024 };
        await Assert.That(DecoderHarness.Decode(bomb, [bomb.Length], limits, deflate: true)).IsEquivalentTo(new[] { "fail 1009" });
        // It stopped at the limit: a small share of the compressed bytes was read, so the rest never inflated.
        await Assert.That(ConsumedBefore(bomb, limits)).IsLessThan(bomb.Length / 8);
        // Exactly at the limit is fine.
        using var fresh = new PeerCompressor();
        var atLimit = Frame(2, fresh.Message(new byte[1024 * 1024]), rsv: Rsv1);
        var exact = DecoderHarness.Decode(atLimit, [atLimit.Length], limits, deflate: true);
        await Assert.That(exact.Single().Length).IsEqualTo("binary ".Length + 2 * 1024 * 1024);
    }

    /// <summary>How far the decoder read into <paramref name="input"/> before it failed.</summary>
    private static long ConsumedBefore(byte[] input, WebSocketLimits limits)
    {
        using var decoder = new FrameDecoder(expectMasked: true, limits, new MessageInflater());
        var fed = 0;
        // Fed in 1 KB reads, as a socket would: what was consumed when the failure came is what was read.
        for (var available = 1024; ; available = Math.Min(input.Length, available + 1024))
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(input, fed, available - fed));
            try
            {
                decoder.Decode(ref reader);
            }
            catch (WebSocketProtocolException)
            {
                return fed + reader.Consumed;
            }
            fed += (int)reader.Consumed;
            if (available == input.Length) return input.Length;
        }
    }

    [Test]
    public async Task Inflates_without_allocating_once_warm()
    {
        // Compressed without context takeover, the same bytes inflate again and again on one connection's inflater.
        using var peer = new PeerCompressor(contextTakeover: false);
        var text = Encoding.UTF8.GetBytes(Repeated("allocation-free inflation ", 50));
        var input = Concat(Frame(1, peer.Message(text), rsv: Rsv1), Frame(2, peer.Message(text), rsv: Rsv1));
        using var decoder = new FrameDecoder(expectMasked: true, WebSocketLimits.Default, new MessageInflater());
        DecodeAll(decoder, input);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var events = 0;
        for (var i = 0; i < 100; i++) events += DecodeAll(decoder, input);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await Assert.That(events).IsEqualTo(200);
        await Assert.That(allocated).IsEqualTo(0L);
    }

    private static int DecodeAll(FrameDecoder decoder, byte[] input)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(input));
        var events = 0;
        while (decoder.Decode(ref reader) != DecodeResult.NeedMoreData) events++;
        return events;
    }
}
