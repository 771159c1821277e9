using System.Text;
using AotSuite.WebSockets.Framing;
using static AotSuite.WebSockets.Tests.Framing.Frames;

namespace AotSuite.WebSockets.Tests.Framing;

/// <summary>RFC 6455 §5 frame rules, each fed whole, byte by byte and in random splits.</summary>
public class FrameDecoderTests
{
    private static async Task ExpectEverywhere(byte[] input, string[] expected, WebSocketLimits? limits = null, bool expectMasked = true)
    {
        foreach (var (name, sizes) in Arrivals(input.Length))
        {
            var events = DecoderHarness.Decode(input, sizes, limits, expectMasked);
            await Assert.That(events).IsEquivalentTo(expected).Because(name);
        }
    }

    [Test]
    public async Task Reads_masked_text_and_binary_messages()
    {
        var big = new byte[70_000];
        new Random(7).NextBytes(big);
        var input = Concat(Text("Hello"), Binary([1, 2, 3]), Binary(big));
        var events = DecoderHarness.Decode(input, [input.Length]);
        await Assert.That(events.Take(2)).IsEquivalentTo(new[] { "text Hello", "binary 010203" });
        await Assert.That(events[2]).IsEqualTo("binary " + Convert.ToHexString(big));
        await ExpectEverywhere(Concat(Text("Hello"), Text(""), Binary([1, 2, 3])), ["text Hello", "text ", "binary 010203"]);
    }

    [Test]
    public async Task Reassembles_fragments_with_control_frames_interleaved()
    {
        var input = Concat(Text("Hel", fin: false), Ping("are you there"), Continuation("", fin: false), Continuation("lo, wörld"), Close(1000, "bye"));
        await ExpectEverywhere(input, ["ping are you there", "text Hello, wörld", "close 1000 bye"]);
    }

    [Test]
    public async Task Validates_utf8_across_fragment_boundaries()
    {
        var euro = "€"u8.ToArray();
        var input = Concat(Frame(1, euro.AsSpan(0, 1), fin: false), Frame(0, euro.AsSpan(1, 1), fin: false), Frame(0, euro.AsSpan(2)));
        await ExpectEverywhere(input, ["text €"]);
    }

    [Test]
    public async Task Fails_fast_on_invalid_utf8_before_the_message_ends()
    {
        // 0xC0 can never start a sequence: rejected in the first fragment, though the message has not ended.
        await ExpectEverywhere(Concat(Frame(1, [0x41, 0xC0, 0x80], fin: false)), ["fail 1007"]);
        // A surrogate (ED A0 80), an overlong (E0 80 80), past U+10FFFF (F4 90 80 80).
        await ExpectEverywhere(Frame(1, [0xED, 0xA0, 0x80]), ["fail 1007"]);
        await ExpectEverywhere(Frame(1, [0xE0, 0x80, 0x80]), ["fail 1007"]);
        await ExpectEverywhere(Frame(1, [0xF4, 0x90, 0x80, 0x80]), ["fail 1007"]);
        // A sequence cut off by the end of the message.
        await ExpectEverywhere(Frame(1, [0x41, 0xE2, 0x82]), ["fail 1007"]);
        // A close reason must be UTF-8 too.
        await ExpectEverywhere(Frame(8, [0x03, 0xE8, 0xFF]), ["fail 1007"]);
    }

    [Test]
    public async Task Fails_with_1002_on_protocol_errors_and_reads_nothing_after_the_bad_frame()
    {
        var after = Text("never seen");
        await ExpectEverywhere(Concat(Text("unmasked", masked: false), after), ["fail 1002"]);
        await ExpectEverywhere(Concat(Frame(1, "x"u8, rsv: 0x40), after), ["fail 1002"]);
        await ExpectEverywhere(Concat(Frame(1, "x"u8, rsv: 0x20), after), ["fail 1002"]);
        await ExpectEverywhere(Concat(Frame(3, "x"u8), after), ["fail 1002"]);
        await ExpectEverywhere(Concat(Frame(0xB, "x"u8), after), ["fail 1002"]);
        await ExpectEverywhere(Concat(Frame(9, "x"u8, fin: false), after), ["fail 1002"]);
        await ExpectEverywhere(Concat(Frame(9, new byte[126]), after), ["fail 1002"]);
        await ExpectEverywhere(Concat(Continuation("orphan"), after), ["fail 1002"]);
        await ExpectEverywhere(Concat(Text("a", fin: false), Text("b"), after), ["fail 1002"]);
        await ExpectEverywhere(Concat(Text("ok"), Frame(8, [0x03]), after), ["text ok", "fail 1002"]);
        await ExpectEverywhere(Concat(Frame(1, [], declaredLength: long.MaxValue)[..2], [0xFF, 0, 0, 0, 0, 0, 0, 0], Key), ["fail 1002"]);
    }

    [Test]
    [Arguments(999)]
    [Arguments(1004)]
    [Arguments(1005)]
    [Arguments(1006)]
    [Arguments(1015)]
    [Arguments(2000)]
    [Arguments(5000)]
    public async Task Rejects_a_close_status_that_may_not_be_sent(int code) =>
        await ExpectEverywhere(Close(code), ["fail 1002"]);

    [Test]
    public async Task Reports_a_close_without_a_status_as_1005() =>
        await ExpectEverywhere(Close(), ["close 1005"]);

    [Test]
    public async Task Enforces_frame_message_and_fragment_limits()
    {
        var limits = new WebSocketLimits { MaxFrameSize = 10, MaxMessageSize = 16, MaxFragments = 3 };
        // The frame header alone decides: a frame declaring too much fails before its payload arrives.
        await ExpectEverywhere(Frame(2, new byte[11]), ["fail 1009"], limits);
        await ExpectEverywhere(Frame(2, [], declaredLength: 1L << 40)[..14], ["fail 1009"], limits);
        await ExpectEverywhere(Concat(Text("0123456789", fin: false), Continuation("0123456789")), ["fail 1009"], limits);
        await ExpectEverywhere(Concat(Text("a", fin: false), Continuation("b", fin: false), Continuation("c", fin: false), Continuation("d")), ["fail 1008"], limits);
        await ExpectEverywhere(Concat(Text("a", fin: false), Continuation("b", fin: false), Continuation("c")), ["text abc"], limits);
    }

    [Test]
    public async Task A_client_rejects_masked_frames_from_the_server()
    {
        await ExpectEverywhere(Text("hi", masked: false), ["text hi"], expectMasked: false);
        await ExpectEverywhere(Text("hi"), ["fail 1002"], expectMasked: false);
    }

    [Test]
    public async Task Writes_headers_the_decoder_reads_back_for_every_length_encoding()
    {
        foreach (var length in new[] { 0, 125, 126, 65535, 65536 })
        {
            var payload = new byte[length];
            var frame = new byte[FrameHeader.MaxSize + length];
            var size = FrameHeader.Write(frame, WebSocketOpcode.Binary, fin: true, length, 0x01020304);
            payload.CopyTo(frame, size);
            PayloadMask.Apply(frame.AsSpan(size, length), 0x01020304, 0);
            var events = DecoderHarness.Decode(frame[..(size + length)], [size + length]);
            await Assert.That(events).IsEquivalentTo(new[] { "binary " + Convert.ToHexString(payload) });
        }
    }

    [Test]
    public async Task Masks_from_any_offset_as_one_pass_would()
    {
        var data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");
        var whole = (byte[])data.Clone();
        PayloadMask.Apply(whole, 0xA1B2C3D4, 0);
        var pieces = (byte[])data.Clone();
        PayloadMask.Apply(pieces.AsSpan(0, 5), 0xA1B2C3D4, 0);
        PayloadMask.Apply(pieces.AsSpan(5, 13), 0xA1B2C3D4, 5);
        PayloadMask.Apply(pieces.AsSpan(18), 0xA1B2C3D4, 18);
        await Assert.That(pieces).IsEquivalentTo(whole);
    }

    [Test]
    public async Task Hands_its_buffer_back_between_messages_and_keeps_it_inside_one() =>
        await Assert.That(DecodeWithReleases()).IsEquivalentTo(new[] { "NeedMoreData", "Message Hello", "released 0", "Message next" });

    /// <summary>The receive loop's order: a release before every wait, a message in progress kept across one.</summary>
    private static List<string> DecodeWithReleases()
    {
        using var decoder = new FrameDecoder(expectMasked: true, WebSocketLimits.Default);
        var events = new List<string>();
        var reader = new System.Buffers.SequenceReader<byte>(new System.Buffers.ReadOnlySequence<byte>(Text("Hel", fin: false)));
        events.Add(decoder.Decode(ref reader).ToString());
        decoder.ReleaseMessage();
        reader = new System.Buffers.SequenceReader<byte>(new System.Buffers.ReadOnlySequence<byte>(Concat(Continuation("lo"), Text("next"))));
        events.Add($"{decoder.Decode(ref reader)} {Encoding.UTF8.GetString(decoder.Message.Span)}");
        decoder.ReleaseMessage();
        events.Add($"released {decoder.Message.Length}");
        events.Add($"{decoder.Decode(ref reader)} {Encoding.UTF8.GetString(decoder.Message.Span)}");
        return events;
    }
}
