using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Net.Sockets;
using AotSuite.Http.Parsing;
using AotSuite.Http.Writing;

namespace AotSuite.Http.Connection;

/// <summary>
/// One connection's request loop: head → framing → body → handler → response, repeated while keep-alive holds. Pipelined
/// requests are simply what the next read finds already in the pipe. The transport is any duplex pipe (a socket's, or
/// an in-memory pair in the tests); <paramref name="transportOwner"/> is closed to cut the connection off.
/// </summary>
internal sealed partial class HttpConnection : IServedConnection, IDisposable
{
    /// <summary>What is left of a body the handler did not read that the connection still reads and drops to stay open.</summary>
    private const long DrainLimit = 64 * 1024;

    // Replaced at a protocol switch by the pipes the switched-to protocol is given.
    private IDuplexPipe transport;
    private readonly IDisposable transportOwner;
    private readonly HttpHandler handler;
    private readonly HttpServerOptions options;
    private readonly HttpContext context = new();
    private readonly HttpBodyReader body;
    private HeadState head;

    public HttpConnection(IDuplexPipe transport, IDisposable transportOwner, HttpHandler handler, HttpServerOptions options)
    {
        this.transport = transport;
        this.transportOwner = transportOwner;
        this.handler = handler;
        this.options = options;
        body = new HttpBodyReader(this);
        context.Request.Attach(body);
    }

    /// <summary>The client's address, set by the server once per connection (every request on it reports the same).</summary>
    public System.Net.EndPoint? RemoteEndPoint
    {
        init => context.RemoteEndPoint = value;
    }

    /// <summary>Whether the handler's response head has gone out (a 100 Continue would then come too late).</summary>
    internal bool ResponseStarted => context.Response.HasStarted;

    /// <summary>The server's set this connection is counted in (null when run alone, as in the tests).</summary>
    internal ServedConnections? Host { get; init; }

    /// <param name="draining">
    /// Set when the server stops (which also calls <see cref="Drain"/>): no keep-alive after the request in flight, and a
    /// protocol switched to is told. The shutdown deadline comes as <see cref="CutOff"/>.
    /// </param>
    /// <remarks>
    /// Under a server (<see cref="Host"/>) this is the connection's whole life: it joins the server's set, and leaves it
    /// disposed and counted ended, or at a protocol switch hands both to an <see cref="UpgradedConnection"/> and completes.
    /// Nothing of this connection (its state machine, body reader, timeouts) then stays alive under thousands of idle WebSockets.
    /// </remarks>
    public async Task RunAsync(CancellationToken draining)
    {
        Host?.Add(this);
        HttpUpgrade? upgrade = null;
        try
        {
            try
            {
                upgrade = await ServeRequestsAsync(draining);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client left, timed out, or the server is stopping: nothing to answer.
            }
            finally
            {
                body.Abandon();
                if (upgrade is null) await CompleteAsync(transport);
            }
        }
        finally
        {
            // Whatever ended the loop (a failure no one expected included), the server's count must hear of it.
            if (upgrade is not null) HandOff(upgrade, draining);
            else if (Host is { } host)
            {
                host.Remove(this);
                Dispose();
                host.Ended();
            }
        }
    }

    private void HandOff(HttpUpgrade upgrade, CancellationToken draining)
    {
        headWaits.Dispose();
        bodyWaits.Dispose();
        // Joins the server's set before this leaves it: a stop's walk between the two still finds the connection.
        new UpgradedConnection(transport, transportOwner, Host).Start(upgrade, draining);
        Host?.Remove(this);
    }

    /// <summary>The request loop; returns the protocol to switch to once the 101 is out, or null when the connection ends.</summary>
    private async ValueTask<HttpUpgrade?> ServeRequestsAsync(CancellationToken draining)
    {
        var reader = transport.Input;
        var writer = transport.Output;
        var socket = (transport as SocketTransport)?.Socket;
        // The first request is served even when the stop has begun: its client connected before the listener closed.
        while (!headRead || !draining.IsCancellationRequested)
        {
            context.Reset();
            head = new HeadState(context.Request);
            RequestFramingResult framing;
            try
            {
                if (!await ReadHeadAsync(reader, writer, headWaits.Token)) return null;
                framing = head.Sink.Framing.Complete(context.Request.Version, options.Limits);
                context.Request.SetBody(framing);
                body.Start(reader, writer, framing, options.Limits);
                if (!options.StreamRequestBodies && !context.Request.IsBodyBuffered) await context.Request.BufferBodyAsync();
            }
            catch (HttpRejectException e)
            {
                await RejectAsync(writer, e.Reason);
                return null;
            }

            var response = context.Response;
            var isHead = context.Request.Method == HttpMethod.Head;
            response.Attach(writer, socket, isHead, context.Request.Version == HttpVersion.Http10,
                framing.KeepAlive && !draining.IsCancellationRequested);
            // A handler that failed after its head went out cannot be answered any more: cut the connection, so the
            // client sees a broken response instead of a complete-looking one.
            if (!await InvokeHandlerAsync(writer)) return null;
            var bodyDone = body.TryFinishBuffered();
            if (context.PendingUpgrade is { } upgrade && !response.HasStarted)
            {
                if (!bodyDone) return null;
                await SwitchProtocolsAsync(writer);
                return upgrade;
            }
            // A body the handler left unread is read and dropped after the answer, if it is small enough to be worth it.
            var drain = !bodyDone && body.CanDrain(DrainLimit);
            bool keepAlive;
            if (response.HasStarted)
            {
                if (!response.Complete()) return null;
                keepAlive = bodyDone || drain;
            }
            else
            {
                keepAlive = framing.KeepAlive && !draining.IsCancellationRequested && (bodyDone || drain);
                ResponseWriter.Write(writer, response, keepAlive, isHead);
            }
            if (keepAlive && !bodyDone)
            {
                await writer.FlushAsync(bodyWaits.Token);
                keepAlive = await body.DrainAsync(DrainLimit);
            }
            if (!keepAlive)
            {
                await writer.FlushAsync(bodyWaits.Token);
                return null;
            }
            // No flush here: the next read flushes before it waits, so pipelined requests' responses go out in one write.
        }
        return null;
    }

    internal static async ValueTask CompleteAsync(IDuplexPipe pipes)
    {
        await pipes.Input.CompleteAsync();
        try
        {
            await pipes.Output.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // Completing flushes; a socket already closed (the client left, or the shutdown deadline) has nowhere to flush to.
        }
    }

    /// <summary>Reads until the blank line that ends the head; false when the client closed first.</summary>
    // Pooled builders: these wait once per request on a keep-alive connection, and a plain async ValueTask method
    // allocates its state-machine box on every wait that does not complete at once.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadHeadAsync(PipeReader reader, PipeWriter writer, CancellationToken cancellation)
    {
        // Idle between requests: the keep-alive limit; once the head has begun: the (shorter) head limit, against slowloris.
        WaitAtMost(options.KeepAliveTimeout);
        var first = true;
        var started = false;
        while (true)
        {
            var result = await ReadAsync(reader, writer, first, cancellation);
            first = false;
            var buffer = result.Buffer;
            if (!started && !buffer.IsEmpty)
            {
                started = true;
                WaitAtMost(options.HeadersTimeout);
            }
            var done = ParseHead(buffer, out var consumed);
            // Examined = consumed once the head is complete: a pipelined request or the body may already be in the
            // buffer, and marking it examined would make the next read wait for bytes that never come.
            reader.AdvanceTo(consumed, done ? consumed : buffer.End);
            if (done)
            {
                headRead = true;
                NoDeadline();
                return true;
            }
            if (result.IsCompleted) return false;
        }
    }

    /// <summary>
    /// The first read of a step takes what is already buffered (a pipelined request) without waiting; any read that must
    /// wait flushes the responses written so far first, so a client never waits on output we are holding.
    /// TryRead only on a step's first read: after an AdvanceTo that examined everything it would return the same bytes again.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<ReadResult> ReadAsync(PipeReader reader, PipeWriter writer, bool first, CancellationToken cancellation)
    {
        if (first && reader.TryRead(out var buffered)) return buffered;
        if (writer.UnflushedBytes > 0) await writer.FlushAsync(cancellation);
        return await reader.ReadAsync(cancellation);
    }

    private bool ParseHead(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        try
        {
            if (!head.RequestLineDone)
            {
                if (!HttpParser.TryParseRequestLine(ref reader, ref head.Sink, options.Limits)) return false;
                head.RequestLineDone = true;
            }
            return HttpParser.TryParseHeaders(ref reader, ref head.Sink, options.Limits, ref head.Budget);
        }
        finally
        {
            consumed = reader.Position;
        }
    }

    /// <summary>
    /// False when the connection must end: the handler threw after the response had started, or because the request body
    /// could not be read (answered here with that failure's status).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> InvokeHandlerAsync(PipeWriter writer)
    {
        try
        {
            await handler(context);
            return true;
        }
        catch (Exception)
        {
            if (context.Response.HasStarted) return false;
            if (body.Failure is { } failure)
            {
                body.Abandon();
                await RejectAsync(writer, failure);
                return false;
            }
            // The handler's failure is the application's; the client gets a bare 500 and the connection lives on.
            context.Response.Reset();
            context.Response.StatusCode = 500;
            return true;
        }
    }

    /// <summary>
    /// RFC 9110 §15.2.2: a 101 carries no Content-Length, so it is written here rather than by the response writer; from
    /// then on the bytes on the wire (and any already buffered in the reader) belong to the upgraded protocol.
    /// </summary>
    /// <remarks>
    /// Thousands of idle WebSockets is the normal case, so nothing only HTTP needs outlives the switch: the HTTP buffers
    /// go back to the pool, the HTTP reader is dropped, and over a socket neither direction keeps a buffer between messages.
    /// </remarks>
    private async ValueTask SwitchProtocolsAsync(PipeWriter writer)
    {
        writer.Write("HTTP/1.1 101 Switching Protocols\r\n"u8);
        writer.Write(context.Response.HeaderBytes);
        writer.Write("\r\n"u8);
        await writer.FlushAsync(bodyWaits.Token);
        context.ReleaseForUpgrade();
        body.Detach();
        if (transport is SocketTransport socketTransport) transport = await socketTransport.ForUpgradeAsync();
    }

    private static async ValueTask RejectAsync(PipeWriter writer, HttpRejectReason reason)
    {
        var text = System.Text.Encoding.ASCII.GetBytes(reason.Describe() + "\n");
        ResponseWriter.Write(writer, reason.StatusCode(), "Content-Type: text/plain\r\n"u8, text, keepAlive: false, headRequest: false);
        await writer.FlushAsync();
    }

    public void Dispose()
    {
        context.Dispose();
        headWaits.Dispose();
        bodyWaits.Dispose();
        transportOwner.Dispose();
    }

    /// <summary>Parser state that survives between reads of one head.</summary>
    private struct HeadState(HttpRequest request)
    {
        public RequestSink Sink = new(request);
        public HeaderBudget Budget;
        public bool RequestLineDone;
    }

    private struct RequestSink(HttpRequest request) : IHttpRequestSink
    {
        public RequestFraming Framing;

        public readonly void OnRequestLine(HttpMethod method, ReadOnlySpan<byte> methodText, ReadOnlySpan<byte> target, HttpVersion version) =>
            request.SetRequestLine(method, methodText, target, version);

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            request.AddHeader(name, value);
            Framing.OnHeader(name, value);
        }
    }
}
