using System.Buffers;
using AotSuite.WebSockets;
using AotSuite.WebSockets.Framing;
using BenchmarkDotNet.Attributes;

namespace AotSuite.Benchmarks.WebSockets;

/// <summary>
/// One small masked text frame (a 32-byte chat line, as a browser sends it) parsed, unmasked and UTF-8 validated. The
/// baseline is .NET's own WebSocket (System.Net.WebSockets, <c>WebSocket.CreateFromStream</c>, server side) receiving
/// the same frame from a stream that replays it: its frame parser is not reachable on its own.
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("websocket-frame")]
public class FrameParseBench
{
    private readonly byte[] received = new byte[256];
    private byte[] frame = [];
    private ReadOnlySequence<byte> sequence;
    private FrameDecoder decoder = null!;
    private System.Net.WebSockets.WebSocket system = null!;

    [GlobalSetup]
    public void Setup()
    {
        frame = MaskedFrames.Text("{\"type\":\"say\",\"text\":\"hello!\"}\n"u8);
        sequence = new ReadOnlySequence<byte>(frame);
        decoder = new FrameDecoder(expectMasked: true, WebSocketLimits.Default);
        system = System.Net.WebSockets.WebSocket.CreateFromStream(new ReplayStream(frame), isServer: true, subProtocol: null, keepAliveInterval: TimeSpan.Zero);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        decoder.Dispose();
        system.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int SystemNetWebSockets() => system.ReceiveAsync(received.AsMemory(), CancellationToken.None).GetAwaiter().GetResult().Count;

    [Benchmark]
    public int AotSuite()
    {
        var reader = new SequenceReader<byte>(sequence);
        return decoder.Decode(ref reader) == DecodeResult.Message ? decoder.Message.Length : -1;
    }
}
