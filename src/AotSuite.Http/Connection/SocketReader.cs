using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace AotSuite.Http.Connection;

/// <summary>
/// The input of a switched-to protocol (WebSocket) over a plain socket. A stream pipe reader with zero-byte reads was
/// ~0.8 KB per idle connection (its async state, segments, a cancellation source and its registration on the socket's
/// receive); this waits with a bare zero-byte receive, rents a block only once bytes are there, and gives it back when
/// they are consumed. A cancelled read (<see cref="CancelPendingRead"/>, a token) leaves that receive in flight: what
/// it brings is kept for the next read, as <see cref="Uring.RingReader"/> does.
/// </summary>
internal sealed class SocketReader(Socket socket) : PipeReader, IValueTaskSource<ReadResult>
{
    private const int BlockSize = 4096;

    private ManualResetValueTaskSourceCore<ReadResult> waiter;
    private CancellationTokenRegistration registration;
    // The receive in flight: a zero-byte one (waiting for bytes, no block) or one into the block.
    private ValueTask<int> receive;
    private Action? onReceived;
    private byte[]? block;
    private int start;
    private int end;
    private bool examinedAll;
    private bool receiving;
    private bool filling;
    private bool waiting;
    private bool cancelNext;
    private bool ended;
    private bool completed;
    private Exception? failure;

    // The object's own monitor: consumer, socket completions and the server's stop rarely meet.
    private object Gate => this;

    public override bool TryRead(out ReadResult result)
    {
        lock (Gate)
        {
            if (cancelNext || end > start || ended)
            {
                result = TakeResult();
                return true;
            }
        }
        result = default;
        return false;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        lock (Gate)
        {
            if (cancelNext || (end > start && !examinedAll) || ended || failure is not null) return new ValueTask<ReadResult>(TakeResult());
            if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<ReadResult>(cancellationToken);
            if (waiting) throw new InvalidOperationException("a read is already pending");
            // A receive left in flight by a cancelled read: its bytes answer this one.
            if (receiving) return Wait(cancellationToken);
            receiving = true;
        }
        while (true)
        {
            if (!BeginReceive())
            {
                // Waiting before the completion is hooked: it may run at once, on another thread.
                var pending = Wait(cancellationToken);
                receive.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(onReceived ??= OnReceived);
                return pending;
            }
            lock (Gate)
            {
                if (!Received()) continue;
                receiving = false;
                if (completed) Release();
                return new ValueTask<ReadResult>(TakeResult());
            }
        }
    }

    /// <summary>Starts the next receive (zero-byte without a block, else into it); true when it completed at once.</summary>
    private bool BeginReceive()
    {
        try
        {
            lock (Gate)
            {
                filling = block is not null;
                if (filling) MakeRoom();
            }
            receive = filling ? socket.ReceiveAsync(block.AsMemory(end), SocketFlags.None) : socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
        }
        catch (Exception e)
        {
            receive = ValueTask.FromException<int>(e);
        }
        return receive.IsCompleted;
    }

    /// <summary>
    /// Under the lock: takes the completed receive's result. False when bytes are waiting (the zero-byte receive
    /// ended): the caller then receives them into a block, which this has rented.
    /// </summary>
    private bool Received()
    {
        try
        {
            var count = receive.GetAwaiter().GetResult();
            receive = default;
            if (!filling)
            {
                block = ArrayPool<byte>.Shared.Rent(BlockSize);
                return false;
            }
            if (count == 0) ended = true;
            end += count;
            examinedAll = false;
        }
        catch (Exception e)
        {
            receive = default;
            // A reset is the peer gone, as an orderly end is; anything else is the reader's failure.
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionReset }) ended = true;
            else failure = e is SocketException ? new IOException(e.Message, e) : e;
        }
        return true;
    }

    /// <summary>A receive that had to wait has ended, on the socket engine's thread: the waiting read gets what it brought.</summary>
    private void OnReceived()
    {
        while (true)
        {
            ReadResult result = default;
            Exception? error = null;
            bool fill;
            lock (Gate)
            {
                fill = !Received();
                if (fill && completed)
                {
                    receiving = false;
                    Release();
                    return;
                }
                if (!fill)
                {
                    receiving = false;
                    if (completed) Release();
                    if (!waiting) return;
                    EndWait();
                    result = TakeResultOrFailure(out error);
                }
            }
            if (fill)
            {
                if (BeginReceive()) continue;
                receive.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(onReceived!);
                return;
            }
            // Outside the lock: the continuation reads again.
            if (error is null) waiter.SetResult(result);
            else waiter.SetException(error);
            return;
        }
    }

    /// <summary>Under the lock: the pending read is being answered.</summary>
    private void EndWait()
    {
        waiting = false;
        // Unregister, not Dispose: a cancellation callback blocked on this lock would be waited for under it.
        registration.Unregister();
        registration = default;
    }

    private ValueTask<ReadResult> Wait(CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            waiting = true;
            waiter.Reset();
        }
        if (cancellationToken.CanBeCanceled)
        {
            var registered = cancellationToken.UnsafeRegister(static (state, token) => ((SocketReader)state!).OnWaitCancelled(token), this);
            lock (Gate)
            {
                if (waiting) registration = registered;
                else registered.Unregister();
            }
        }
        return new ValueTask<ReadResult>(this, waiter.Version);
    }

    private void OnWaitCancelled(CancellationToken token)
    {
        lock (Gate)
        {
            if (!waiting) return;
            waiting = false;
            registration = default;
        }
        waiter.SetException(new OperationCanceledException(token));
    }

    public override void CancelPendingRead()
    {
        ReadResult result;
        lock (Gate)
        {
            cancelNext = true;
            if (!waiting) return;
            EndWait();
            result = TakeResult();
        }
        waiter.SetResult(result);
    }

    /// <summary>Under the lock: the result for what is held now (throws the receive's failure once nothing is left before it).</summary>
    private ReadResult TakeResult()
    {
        var result = TakeResultOrFailure(out var error);
        if (error is not null) throw error;
        return result;
    }

    private ReadResult TakeResultOrFailure(out Exception? error)
    {
        error = null;
        if (cancelNext)
        {
            cancelNext = false;
            return new ReadResult(Held(), isCanceled: true, isCompleted: false);
        }
        if (failure is not null && end == start)
        {
            error = failure;
            return default;
        }
        return new ReadResult(Held(), isCanceled: false, isCompleted: ended);
    }

    private ReadOnlySequence<byte> Held() => block is null ? default : new ReadOnlySequence<byte>(block, start, end - start);

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        lock (Gate)
        {
            examinedAll = SingleBlockAdvance.Apply(consumed, examined, ref start, end);
            if (receiving) return;
            if (start == end)
            {
                // All consumed: an idle connection holds no block.
                Release();
            }
            else if (examinedAll)
            {
                MakeRoom();
            }
        }
    }

    /// <summary>Under the lock, no receive in flight: room after the held bytes for the next receive (they move to the front, or to a bigger block).</summary>
    private void MakeRoom()
    {
        var length = end - start;
        if (block!.Length - end >= BlockSize / 4) return;
        if (length == 0)
        {
            (start, end) = (0, 0);
            return;
        }
        var target = length > block.Length / 2 ? ArrayPool<byte>.Shared.Rent(block.Length * 2) : block;
        block.AsSpan(start, length).CopyTo(target);
        if (target != block) ArrayPool<byte>.Shared.Return(block);
        (block, start, end) = (target, 0, length);
    }

    private void Release()
    {
        if (block is not null) ArrayPool<byte>.Shared.Return(block);
        (block, start, end) = (null, 0, 0);
    }

    public override void Complete(Exception? exception = null)
    {
        lock (Gate)
        {
            completed = true;
            // A receive in flight may still write into the block: it is given back when that receive ends.
            if (!receiving) Release();
        }
    }

    ReadResult IValueTaskSource<ReadResult>.GetResult(short token) => waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<ReadResult>.GetStatus(short token) => waiter.GetStatus(token);

    void IValueTaskSource<ReadResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        waiter.OnCompleted(continuation, state, token, flags);
}
