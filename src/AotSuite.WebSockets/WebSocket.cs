using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using AotSuite.WebSockets.Compression;
using AotSuite.WebSockets.Framing;

namespace AotSuite.WebSockets;

/// <summary>
/// One WebSocket connection, either end, over a duplex pipe. One reader at a time calls <see cref="ReceiveAsync"/>
/// (pings are answered and closes completed inside it); any number of senders may call <see cref="SendAsync"/> at once
/// (frames go out whole, one at a time, in the order their senders got the send lock).
/// </summary>
public sealed partial class WebSocket : IAsyncDisposable
{
    private readonly IDuplexPipe transport;
    private readonly IDisposable? owner;
    private readonly bool isServer;
    private readonly FrameDecoder decoder;
    private SendGate sendLock;
    // Made when a close is sent (once per connection): an idle connection does not carry it.
    private byte[]? closeFrame;
    private readonly MessageDeflater? deflater;
    private readonly int compressionThreshold;
    private int pendingBytes;
    private bool closeSent;
    private bool closeReceived;
    private volatile bool aborted;

    internal WebSocket(IDuplexPipe transport, bool isServer, WebSocketOptions options, string? subProtocol, IDisposable? owner = null, DeflateParameters? deflate = null)
    {
        this.transport = transport;
        this.isServer = isServer;
        this.owner = owner;
        Options = options;
        SubProtocol = subProtocol;
        MessageInflater? inflater = null;
        if (deflate is { } agreed)
        {
            var settings = options.Compression ?? WebSocketCompression.Default;
            Extensions = agreed.ToString();
            inflater = new MessageInflater();
            // DeflateStream compresses with a 15-bit window: a peer that asked for a narrower one gets plain messages.
            var window = isServer ? agreed.ServerMaxWindowBits : agreed.ClientMaxWindowBits;
            if (window is 0 or 15)
            {
                deflater = new MessageDeflater(settings.Level, isServer ? agreed.ServerNoContextTakeover : agreed.ClientNoContextTakeover);
                compressionThreshold = Math.Max(1, settings.Threshold);
            }
        }
        decoder = new FrameDecoder(expectMasked: isServer, options.Limits, inflater);
        LastReceived = Stopwatch.GetTimestamp();
    }

    public WebSocketOptions Options { get; }

    /// <summary>
    /// A server's stop (the HTTP connection's draining token): the read it cancels makes <see cref="ReceiveAsync"/> send
    /// 1001 (Going Away) and read on until the peer's close. Not set on a client.
    /// </summary>
    internal CancellationToken Draining { get; init; }

    /// <summary>The subprotocol both ends agreed on; null when none.</summary>
    public string? SubProtocol { get; }

    /// <summary>The extensions both ends agreed on, as the handshake stated them (e.g. <c>permessage-deflate</c>); empty when none.</summary>
    public string Extensions { get; } = "";

    public WebSocketState State => aborted || closeReceived ? WebSocketState.Closed : closeSent ? WebSocketState.CloseSent : WebSocketState.Open;

    /// <summary>Why the connection ended, once it has: the peer's status, ours when we failed it, or 1006.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public string? CloseReason { get; private set; }

    /// <summary>When a frame last arrived (<see cref="Stopwatch.GetTimestamp"/>): heartbeats drop peers that went quiet.</summary>
    public long LastReceived { get; private set; }

    /// <summary>
    /// What the application keeps for this connection (a <see cref="Upgrade.WebSocketListener"/>'s per-connection state,
    /// uWebSockets' user data): the socket carries it, so an application needs no map from sockets to its own objects.
    /// </summary>
    public object? UserState { get; set; }

    /// <summary>Bytes handed to <see cref="SendAsync"/> and not yet written to the socket.</summary>
    public int PendingSendBytes => Volatile.Read(ref pendingBytes);

    /// <summary>
    /// The next text or binary message; pings are answered and pongs noted on the way. When the connection ends (a close
    /// frame, a protocol error we failed it for, the transport gone, <see cref="Abort"/>) the result is a
    /// <see cref="WebSocketMessageType.Close"/> message with the status, and every later call returns the same.
    /// </summary>
    /// <remarks>
    /// An idle connection keeps this method's state for its whole life (the read waits), so only what must outlive an
    /// await is kept across one: no read result (a cancelled read is given back unconsumed and read again after the
    /// 1001 goes out), no reader in hand.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<WebSocketMessage> ReceiveAsync(CancellationToken cancellation = default)
    {
        while (true)
        {
            if (aborted || closeReceived) return Closed();
            ReadResult result;
            try
            {
                var read = transport.Input.ReadAsync(cancellation);
                // The previous message's buffer (valid until this call) goes back to the pool only if this read waits:
                // an idle connection holds none, and messages that arrive back to back reuse it (no rent and return each).
                if (!read.IsCompleted) decoder.ReleaseMessage();
                result = await read;
            }
            catch (Exception e) when (IsTransportFailure(e))
            {
                return Ended(WebSocketCloseStatus.AbnormalClosure, "the transport failed");
            }
            if (result.IsCanceled)
            {
                cancellation.ThrowIfCancellationRequested();
                if (aborted || !Draining.IsCancellationRequested) return Ended(WebSocketCloseStatus.AbnormalClosure, "aborted");
                if (!closeSent)
                {
                    // The server is stopping: say so, then go on reading (what was read, then the peer's close).
                    transport.Input.AdvanceTo(result.Buffer.Start);
                    await SendCloseAsync(WebSocketCloseStatus.GoingAway, "server stopping");
                    continue;
                }
            }
            var buffer = result.Buffer;
            DecodeResult decoded;
            SequencePosition consumed;
            try
            {
                decoded = Decode(buffer, out consumed);
            }
            catch (WebSocketProtocolException e)
            {
                // RFC 6455 §7.1.7: fail the connection; nothing after the bad frame is looked at.
                transport.Input.AdvanceTo(buffer.End);
                await FailAsync(e.Status, e.Message);
                return Closed();
            }
            transport.Input.AdvanceTo(consumed, decoded == DecodeResult.NeedMoreData ? buffer.End : consumed);
            if (decoded != DecodeResult.NeedMoreData) LastReceived = Stopwatch.GetTimestamp();
            switch (decoded)
            {
                case DecodeResult.NeedMoreData when result.IsCompleted:
                    return Ended(WebSocketCloseStatus.AbnormalClosure, "the connection ended without a close frame");
                case DecodeResult.Message:
                    return new WebSocketMessage(decoder.MessageType, decoder.Message);
                case DecodeResult.Ping:
                    await SendControlAsync(WebSocketOpcode.Pong, decoder.ControlPayload);
                    break;
                case DecodeResult.Close:
                    closeReceived = true;
                    CloseStatus ??= decoder.CloseStatus;
                    CloseReason ??= Encoding.UTF8.GetString(decoder.CloseReason);
                    // §5.5.1: answer with a close frame echoing the status, unless ours already went.
                    if (!closeSent) await SendCloseAsync(decoder.CloseStatus == WebSocketCloseStatus.NoStatusReceived ? null : decoder.CloseStatus, "");
                    return Closed();
            }
        }
    }

    /// <summary>The transport's reader, for a <see cref="Upgrade.ListenerPump"/>'s wait between messages.</summary>
    internal PipeReader Input => transport.Input;

    /// <summary>Between messages: the last one's buffer goes back to the pool (see <see cref="ReceiveAsync"/>).</summary>
    internal void ReleaseMessage() => decoder.ReleaseMessage();

    private DecodeResult Decode(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        try
        {
            return decoder.Decode(ref reader);
        }
        finally
        {
            consumed = reader.Position;
        }
    }

    /// <summary>Sends a whole text message.</summary>
    public ValueTask<bool> SendTextAsync(string text, CancellationToken cancellation = default) =>
        SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, cancellation);

    /// <summary>
    /// Sends one message as one frame. False when it was not sent: the connection is closing or gone, or (with
    /// <see cref="WebSocketBackpressure.Drop"/>) this send would pass <see cref="WebSocketOptions.MaxPendingSendBytes"/>,
    /// which drops the connection.
    /// </summary>
    public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type = WebSocketMessageType.Text, CancellationToken cancellation = default)
    {
        if (type == WebSocketMessageType.Close) throw new ArgumentOutOfRangeException(nameof(type), type, "use CloseAsync to close");
        return SendFrameAsync(type == WebSocketMessageType.Text ? WebSocketOpcode.Text : WebSocketOpcode.Binary, payload, cancellation);
    }

    /// <summary>Sends a ping; the peer's pong updates <see cref="LastReceived"/>.</summary>
    public ValueTask<bool> PingAsync(ReadOnlyMemory<byte> payload = default)
    {
        if (payload.Length > 125) throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, "a ping carries at most 125 bytes");
        return SendFrameAsync(WebSocketOpcode.Ping, payload, default);
    }

    /// <summary>
    /// Starts the close handshake: sends a close frame; the reader's <see cref="ReceiveAsync"/> then returns the close
    /// once the peer answers. Sending stops here.
    /// </summary>
    public ValueTask<bool> CloseAsync(WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure, string? reason = null)
    {
        if (!FrameDecoder.IsValidCloseCode((int)status)) throw new ArgumentOutOfRangeException(nameof(status), status, "not a status code that may be sent");
        return SendCloseAsync(status, reason ?? "");
    }

    /// <summary>Cuts the connection without a close handshake (ws's <c>terminate()</c>): the reader gets 1006.</summary>
    public void Abort() => Abort(WebSocketCloseStatus.AbnormalClosure, "aborted");

    private void Abort(WebSocketCloseStatus status, string reason)
    {
        if (aborted) return;
        CloseStatus ??= status;
        CloseReason ??= reason;
        aborted = true;
        transport.Input.CancelPendingRead();
        transport.Output.CancelPendingFlush();
    }

    /// <summary>
    /// After the application is done: completes the close handshake (sends 1000 if nothing was sent, then reads until the
    /// peer's close or <see cref="WebSocketOptions.CloseTimeout"/>). Only when no one else is reading.
    /// </summary>
    internal async ValueTask FinishAsync()
    {
        if (aborted || closeReceived) return;
        if (!closeSent) await SendCloseAsync(WebSocketCloseStatus.NormalClosure, "");
        using var timeout = new CancellationTokenSource(Options.CloseTimeout);
        try
        {
            while (!(await ReceiveAsync(timeout.Token)).IsClose)
            {
                // §7.1.1: data arriving after our close is read and discarded until the peer's close frame.
            }
        }
        catch (OperationCanceledException)
        {
            Abort(WebSocketCloseStatus.AbnormalClosure, "the peer did not answer the close frame");
        }
    }

    private async ValueTask FailAsync(WebSocketCloseStatus status, string reason)
    {
        CloseStatus ??= status;
        CloseReason ??= reason;
        if (!closeSent) await SendCloseAsync(status, reason);
        Abort(status, reason);
    }

    private WebSocketMessage Ended(WebSocketCloseStatus status, string reason)
    {
        CloseStatus ??= status;
        CloseReason ??= reason;
        aborted = true;
        return Closed();
    }

    private WebSocketMessage Closed() =>
        new(WebSocketMessageType.Close, default, CloseStatus ?? WebSocketCloseStatus.AbnormalClosure);

    private ValueTask<bool> SendCloseAsync(WebSocketCloseStatus? status, string reason)
    {
        var length = 0;
        var frame = closeFrame ??= new byte[125];
        if (status is { } code)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)code);
            // §5.5: the reason shares the 125-byte control payload with the code; cut on a character boundary.
            var max = 123;
            var bytes = Encoding.UTF8.GetByteCount(reason) <= max ? Encoding.UTF8.GetBytes(reason, frame.AsSpan(2)) : TruncatedReason(reason, max, frame);
            length = 2 + bytes;
        }
        return SendFrameAsync(WebSocketOpcode.Close, frame.AsMemory(0, length), default);
    }

    private static int TruncatedReason(string reason, int max, byte[] frame)
    {
        var chars = reason.Length;
        while (Encoding.UTF8.GetByteCount(reason.AsSpan(0, chars)) > max) chars--;
        if (chars > 0 && char.IsHighSurrogate(reason[chars - 1])) chars--;
        return Encoding.UTF8.GetBytes(reason.AsSpan(0, chars), frame.AsSpan(2));
    }

    private ValueTask<bool> SendControlAsync(WebSocketOpcode opcode, ReadOnlySpan<byte> payload)
    {
        // The decoder's control buffer is overwritten by the next frame; a pong is tiny, so it goes through a copy.
        var copy = payload.ToArray();
        return SendFrameAsync(opcode, copy, default);
    }

    /// <summary>
    /// The usual send, nobody else sending and the socket taking the frame at once, completes here without an async
    /// state machine or a wait on the lock (an echo's whole send); anything that has to wait goes the slow way.
    /// </summary>
    private ValueTask<bool> SendFrameAsync(WebSocketOpcode opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellation)
    {
        // The frame's own weight counts too, so a flood of empty messages is bounded as well.
        var cost = payload.Length + 32;
        if (Volatile.Read(ref pendingBytes) != 0 || cost > Options.MaxPendingSendBytes || !sendLock.TryEnter())
            return SendFrameSlowAsync(opcode, payload, cost, cancellation);
        Interlocked.Add(ref pendingBytes, cost);
        ValueTask<FlushResult> flush;
        try
        {
            if (!TryWriteFrame(opcode, payload.Span))
            {
                EndSend(cost);
                return new(false);
            }
            flush = transport.Output.FlushAsync(cancellation);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            EndSend(cost);
            Abort(WebSocketCloseStatus.AbnormalClosure, "the transport failed");
            return new(false);
        }
        if (!flush.IsCompletedSuccessfully) return AwaitFlushAsync(flush, cost);
        var flushed = flush.Result;
        EndSend(cost);
        return new(!flushed.IsCanceled && !flushed.IsCompleted);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AwaitFlushAsync(ValueTask<FlushResult> flush, int cost)
    {
        try
        {
            var flushed = await flush;
            return !flushed.IsCanceled && !flushed.IsCompleted;
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            Abort(WebSocketCloseStatus.AbnormalClosure, "the transport failed");
            return false;
        }
        finally
        {
            EndSend(cost);
        }
    }

    /// <summary>Releases the send lock taken for a frame and its bytes from the pending count.</summary>
    private void EndSend(int cost)
    {
        sendLock.Exit();
        Interlocked.Add(ref pendingBytes, -cost);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SendFrameSlowAsync(WebSocketOpcode opcode, ReadOnlyMemory<byte> payload, int cost, CancellationToken cancellation)
    {
        var pending = Interlocked.Add(ref pendingBytes, cost);
        try
        {
            if (pending > Options.MaxPendingSendBytes && Options.Backpressure == WebSocketBackpressure.Drop && opcode != WebSocketOpcode.Close)
            {
                Abort(WebSocketCloseStatus.PolicyViolation, $"send queue over {Options.MaxPendingSendBytes} bytes: the peer reads too slowly");
                return false;
            }
            await sendLock.EnterAsync(cancellation);
            try
            {
                if (!TryWriteFrame(opcode, payload.Span)) return false;
                var flushed = await transport.Output.FlushAsync(cancellation);
                return !flushed.IsCanceled && !flushed.IsCompleted;
            }
            finally
            {
                sendLock.Exit();
            }
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            Abort(WebSocketCloseStatus.AbnormalClosure, "the transport failed");
            return false;
        }
        finally
        {
            Interlocked.Add(ref pendingBytes, -cost);
        }
    }

    internal static bool IsTransportFailure(Exception e) => e is IOException or SocketException or ObjectDisposedException or InvalidOperationException;

    /// <summary>Under the send lock: the frame into the pipe, compressed when that was agreed and it is worth it; false once closing.</summary>
    private bool TryWriteFrame(WebSocketOpcode opcode, ReadOnlySpan<byte> payload)
    {
        if (aborted || closeSent) return false;
        if (opcode == WebSocketOpcode.Close) closeSent = true;
        if (deflater is not null && payload.Length >= compressionThreshold && opcode is WebSocketOpcode.Text or WebSocketOpcode.Binary)
        {
            // RFC 7692 §6: RSV1 marks the message compressed. Inside the lock: the peer inflates in wire order.
            WriteFrame(transport.Output, opcode, deflater.Compress(payload), rsv1: true);
            deflater.Release();
        }
        else
        {
            WriteFrame(transport.Output, opcode, payload);
        }
        return true;
    }

    /// <summary>Header and payload straight into the pipe; a client masks (§5.3) with a fresh key per frame.</summary>
    private void WriteFrame(PipeWriter output, WebSocketOpcode opcode, ReadOnlySpan<byte> payload, bool rsv1 = false)
    {
        uint? key = isServer ? null : MaskKeys.Next();
        var header = output.GetSpan(FrameHeader.MaxSize);
        output.Advance(FrameHeader.Write(header, opcode, fin: true, payload.Length, key, rsv1));
        var offset = 0;
        while (offset < payload.Length)
        {
            var span = output.GetSpan(Math.Min(payload.Length - offset, 64 * 1024));
            var take = Math.Min(span.Length, payload.Length - offset);
            payload.Slice(offset, take).CopyTo(span);
            if (key is { } mask) PayloadMask.Apply(span[..take], mask, offset);
            output.Advance(take);
            offset += take;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Abort(WebSocketCloseStatus.AbnormalClosure, "disposed");
        if (owner is not null)
        {
            await transport.Input.CompleteAsync();
            try
            {
                await transport.Output.CompleteAsync();
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // Nothing left to flush to.
            }
            owner.Dispose();
        }
        decoder.Dispose();
        if (deflater is not null)
        {
            // A sender in the middle of a frame finishes with the compressor first; later ones see the abort.
            await sendLock.EnterAsync(default);
            deflater.Dispose();
            sendLock.Exit();
        }
    }
}
