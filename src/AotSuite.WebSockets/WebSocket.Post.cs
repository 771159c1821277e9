using System.Runtime.CompilerServices;
using AotSuite.WebSockets.Framing;

namespace AotSuite.WebSockets;

public sealed partial class WebSocket
{
    // Frames posted since the last flush, and whether a flush of them is queued; both under the send lock.
    private int postedCost;
    private bool flushQueued;
    private QueuedFlush? queuedFlush;

    /// <summary>
    /// Queues one message without waiting (a broadcast's way): the frame is written at once, and the flush follows on the
    /// thread pool, so every frame posted to this connection before it runs leaves in the same send(2). A room's burst of
    /// lines then costs each member one system call instead of one per line. Failures show as the connection closing;
    /// with <see cref="WebSocketBackpressure.Drop"/> a post that would pass <see cref="WebSocketOptions.MaxPendingSendBytes"/>
    /// drops the connection, as <see cref="SendAsync"/> does.
    /// </summary>
    public void Post(ReadOnlyMemory<byte> payload, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        if (type == WebSocketMessageType.Close) throw new ArgumentOutOfRangeException(nameof(type), type, "use CloseAsync to close");
        var opcode = type == WebSocketMessageType.Text ? WebSocketOpcode.Text : WebSocketOpcode.Binary;
        var cost = payload.Length + 32;
        // A send waiting on the socket holds the lock: queue behind it, in order, the ordinary way.
        if (cost > Options.MaxPendingSendBytes || !sendLock.TryEnter())
        {
            _ = SendFrameSlowAsync(opcode, payload, cost, default);
            return;
        }
        var queue = false;
        try
        {
            if (Interlocked.Add(ref pendingBytes, cost) > Options.MaxPendingSendBytes && Options.Backpressure == WebSocketBackpressure.Drop)
            {
                Interlocked.Add(ref pendingBytes, -cost);
                Abort(WebSocketCloseStatus.PolicyViolation, $"send queue over {Options.MaxPendingSendBytes} bytes: the peer reads too slowly");
                return;
            }
            if (!TryWriteFrame(opcode, payload.Span))
            {
                Interlocked.Add(ref pendingBytes, -cost);
                return;
            }
            postedCost += cost;
            queue = !flushQueued;
            flushQueued = true;
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            Interlocked.Add(ref pendingBytes, -cost);
            Abort(WebSocketCloseStatus.AbnormalClosure, "the transport failed");
        }
        finally
        {
            sendLock.Exit();
        }
        if (queue) ThreadPool.UnsafeQueueUserWorkItem(queuedFlush ??= new QueuedFlush(this), preferLocal: true);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FlushPostedAsync()
    {
        await sendLock.EnterAsync(default);
        var cost = postedCost;
        try
        {
            postedCost = 0;
            flushQueued = false;
            await transport.Output.FlushAsync();
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            Abort(WebSocketCloseStatus.AbnormalClosure, "the transport failed");
        }
        finally
        {
            sendLock.Exit();
            Interlocked.Add(ref pendingBytes, -cost);
        }
    }

    /// <summary>The queued flush, made once per connection on its first post (an idle connection never posts).</summary>
    private sealed class QueuedFlush(WebSocket socket) : IThreadPoolWorkItem
    {
        public void Execute() => _ = socket.FlushPostedAsync();
    }
}
