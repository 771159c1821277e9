using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace AotSuite.Http.Connection;

/// <summary>
/// The output of a switched-to protocol (WebSocket) over a plain socket: bytes are written into a pooled block, and a
/// flush sends them and gives the block back, so an idle connection holds nothing here but this object. A stream pipe
/// writer kept ~0.4 KB per connection between flushes (a segment, its pool, a cancellation source and the registrations
/// its sends left on it). One flush at a time, as a pipe writer's contract has it.
/// </summary>
internal sealed class SocketWriter(Socket socket) : PipeWriter
{
    private const int BlockSize = 4096;

    private byte[]? block;
    private int written;
    // Set while a send waits; CancelPendingFlush completes it early.
    private TaskCompletionSource? cancelWait;
    private bool cancelNext;
    // A flush was cancelled with its send still in flight: the bytes behind it can no longer go out in order.
    private bool broken;
    // A send is in flight (its completion, on another thread, gives the block back).
    private volatile bool sending;

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => written;

    public override void Advance(int bytes)
    {
        if ((uint)bytes > (uint)((block?.Length ?? 0) - written)) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "past the memory handed out");
        written += bytes;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => Room(sizeHint).AsMemory(written);

    public override Span<byte> GetSpan(int sizeHint = 0) => Room(sizeHint).AsSpan(written);

    private byte[] Room(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (block is null) return block = ArrayPool<byte>.Shared.Rent(Math.Max(sizeHint, BlockSize));
        if (block.Length - written >= sizeHint) return block;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(block.Length * 2, written + sizeHint));
        block.AsSpan(0, written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(block);
        return block = bigger;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (cancelNext)
        {
            cancelNext = false;
            return new ValueTask<FlushResult>(new FlushResult(isCanceled: true, isCompleted: false));
        }
        if (broken) return ValueTask.FromException<FlushResult>(new InvalidOperationException("a cancelled flush left its send unfinished"));
        if (written == 0) return default;
        ValueTask<int> send;
        sending = true;
        try
        {
            send = socket.SendAsync(block.AsMemory(0, written), SocketFlags.None, cancellationToken);
        }
        catch (Exception e)
        {
            Sent();
            return ValueTask.FromException<FlushResult>(e is SocketException ? new IOException(e.Message, e) : e);
        }
        if (!send.IsCompleted) return AwaitSendAsync(send);
        try
        {
            send.GetAwaiter().GetResult();
        }
        catch (SocketException e)
        {
            return ValueTask.FromException<FlushResult>(new IOException(e.Message, e));
        }
        finally
        {
            Sent();
        }
        return default;
    }

    /// <summary>The send waits (the peer reads slowly): until it ends, or <see cref="CancelPendingFlush"/> gives up on it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FlushResult> AwaitSendAsync(ValueTask<int> send)
    {
        var sendTask = send.AsTask();
        var cancel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref cancelWait, cancel);
        if (Volatile.Read(ref cancelNext)) cancel.TrySetResult();
        if (await Task.WhenAny(sendTask, cancel.Task) != sendTask)
        {
            Volatile.Write(ref cancelWait, null);
            cancelNext = false;
            broken = true;
            // The block is the send's until it ends.
            var held = Interlocked.Exchange(ref block, null)!;
            written = 0;
            sending = false;
            // The abandoned send usually fails once the connection is cut: its exception is seen here, not left unobserved.
            _ = sendTask.ContinueWith(static (send, state) =>
            {
                _ = send.Exception;
                ArrayPool<byte>.Shared.Return((byte[])state!);
            }, held, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return new FlushResult(isCanceled: true, isCompleted: false);
        }
        Volatile.Write(ref cancelWait, null);
        try
        {
            await sendTask;
        }
        catch (SocketException e)
        {
            throw new IOException(e.Message, e);
        }
        finally
        {
            Sent();
        }
        return default;
    }

    private void Sent()
    {
        sending = false;
        Release();
    }

    // An exchange: a completion that gives up on a send in flight (the server's shutdown) may race the send's own end.
    private void Release()
    {
        written = 0;
        if (Interlocked.Exchange(ref block, null) is { } held) ArrayPool<byte>.Shared.Return(held);
    }

    public override void CancelPendingFlush()
    {
        Volatile.Write(ref cancelNext, true);
        Volatile.Read(ref cancelWait)?.TrySetResult();
    }

    /// <summary>What is written and not flushed still goes out (as a stream pipe writer's completion flushes it).</summary>
    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        try
        {
            if (written > 0 && !broken && !sending && exception is null) await FlushAsync();
        }
        finally
        {
            Complete(exception);
        }
    }

    /// <summary>A send still in flight keeps its block until it ends (the socket's close ends it).</summary>
    public override void Complete(Exception? exception = null)
    {
        if (!sending) Release();
    }
}
