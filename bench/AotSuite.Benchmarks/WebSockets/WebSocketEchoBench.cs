using System.Buffers;
using System.IO.Pipelines;
using AotSuite.WebSockets;
using AotSuite.WebSockets.Upgrade;
using BenchmarkDotNet.Attributes;

namespace AotSuite.Benchmarks.WebSockets;

/// <summary>
/// One small text message echoed by a server-side connection, in memory: the masked frame goes into the connection's
/// input pipe, <c>ReceiveAsync</c> reads it, <c>SendAsync</c> writes the answer, the output pipe is drained. Baseline:
/// .NET's own WebSocket (<c>WebSocket.CreateFromStream</c>, server side) doing the same over a replaying stream.
/// <c>AotSuiteListener</c> is the same echo the way the echo endpoint serves it: a <see cref="WebSocketEcho"/> listener
/// whose pump waits on the input pipe; the frame's flush runs it inline (read, listener, send) until it waits again.
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("websocket-echo")]
public class WebSocketEchoBench
{
    private readonly byte[] received = new byte[256];
    private byte[] frame = [];
    private Pipe input = null!;
    private Pipe output = null!;
    private WebSocket socket = null!;
    private Pipe listenerInput = null!;
    private Pipe listenerOutput = null!;
    private WebSocket listened = null!;
    private System.Net.WebSockets.WebSocket system = null!;

    [GlobalSetup]
    public void Setup()
    {
        frame = MaskedFrames.Text("{\"type\":\"say\",\"text\":\"hello!\"}\n"u8);
        var options = new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false);
        input = new Pipe(options);
        output = new Pipe(options);
        socket = new WebSocket(new Duplex(input.Reader, output.Writer), isServer: true, WebSocketOptions.Default, subProtocol: null);
        listenerInput = new Pipe(options);
        listenerOutput = new Pipe(options);
        listened = new WebSocket(new Duplex(listenerInput.Reader, listenerOutput.Writer), isServer: true, WebSocketOptions.Default, subProtocol: null);
        // The echo listener has no OnOpenAsync: it is never given the (absent) request.
        _ = ListenerPump.Run(listened, WebSocketEcho.Instance, context: null!);
        system = System.Net.WebSockets.WebSocket.CreateFromStream(new ReplayStream(frame), isServer: true, subProtocol: null, keepAliveInterval: TimeSpan.Zero);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        socket.DisposeAsync().AsTask().GetAwaiter().GetResult();
        listenerInput.Writer.Complete();
        system.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async ValueTask<int> SystemNetWebSockets()
    {
        var message = await system.ReceiveAsync(received.AsMemory(), CancellationToken.None);
        await system.SendAsync(received.AsMemory(0, message.Count), message.MessageType, message.EndOfMessage, CancellationToken.None);
        return message.Count;
    }

    [Benchmark]
    public async ValueTask<long> AotSuite()
    {
        input.Writer.Write(frame);
        await input.Writer.FlushAsync();
        var message = await socket.ReceiveAsync();
        await socket.SendAsync(message.Data, message.Type);
        output.Reader.TryRead(out var sent);
        var length = sent.Buffer.Length;
        output.Reader.AdvanceTo(sent.Buffer.End);
        return length;
    }

    [Benchmark]
    public long AotSuiteListener()
    {
        listenerInput.Writer.Write(frame);
        listenerInput.Writer.FlushAsync().GetAwaiter().GetResult();
        listenerOutput.Reader.TryRead(out var sent);
        var length = sent.Buffer.Length;
        listenerOutput.Reader.AdvanceTo(sent.Buffer.End);
        return length;
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
