using System.IO.Pipelines;
using System.Threading.Tasks.Sources;

namespace AotSuite.Http.Uring;

/// <summary>
/// The connection's output: bytes are written into a pinned block, and a flush hands the block to the kernel as one
/// send and returns at once. Flushes while that send is in flight return at once too, their bytes moved to a queue that
/// goes out as the next send, until 64 KiB are queued: then a flush waits (so a slow reader holds the writer back). The
/// written block belongs to the writer's thread alone; the ring's thread only touches the send and the queue. A
/// connection with nothing in flight holds no block.
/// </summary>
internal sealed class RingWriter(RingConnection owner) : PipeWriter, IValueTaskSource<FlushResult>
{
    /// <summary>Bytes flushed behind a send in flight past which a flush waits for that send (the slow reader's brake).</summary>
    private const int MaxQueued = 64 * 1024;

    // The object's own monitor, not a Lock: 40 bytes less per connection, held for its whole life, and the two sides
    // (consumer, ring's thread) rarely meet, so the monitor seldom needs more than its header word.
    private object Gate => this;
    private ManualResetValueTaskSourceCore<FlushResult> waiter;
    private CancellationTokenRegistration registration;
    private byte[]? block;
    private int written;
    private byte[]? sending;
    private int sendStart;
    private int sendEnd;
    // Flushed while a send was in flight: moved here by the writer's own thread (never taken from under it), sent next.
    private byte[]? queued;
    private int queuedLength;
    private bool flushWaiting;
    private bool cancelNext;
    private Exception? failure;

    /// <summary>Set by <see cref="Complete"/>: the protocol has written its last byte (what is left still goes out).</summary>
    internal bool Completed { get; private set; }

    internal bool Sending
    {
        get
        {
            lock (Gate) return sending is not null;
        }
    }

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => written;

    public override void Advance(int bytes)
    {
        if ((uint)bytes > (uint)(block?.Length - written ?? 0)) throw new ArgumentOutOfRangeException(nameof(bytes));
        written += bytes;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => Room(sizeHint).AsMemory(written);

    public override Span<byte> GetSpan(int sizeHint = 0) => Room(sizeHint).AsSpan(written);

    private byte[] Room(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (block is null) return block = PinnedBlocks.Rent(sizeHint);
        if (block.Length - written >= sizeHint) return block;
        var bigger = PinnedBlocks.Rent(written + sizeHint);
        block.AsSpan(0, written).CopyTo(bigger);
        PinnedBlocks.Return(block);
        return block = bigger;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        bool wait;
        lock (Gate)
        {
            if (failure is not null) return ValueTask.FromException<FlushResult>(failure);
            if (cancelNext)
            {
                cancelNext = false;
                return new ValueTask<FlushResult>(new FlushResult(isCanceled: true, isCompleted: false));
            }
            if (written == 0) return default;
            if (sending is null)
            {
                StartSend();
                wait = false;
            }
            else
            {
                // Goes out as soon as the send in flight is done, with whatever else is flushed meanwhile (a broadcast
                // writing to a thousand connections must not wait a turn of the ring at each one).
                Queue();
                if (queuedLength < MaxQueued) return default;
                wait = true;
                if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<FlushResult>(cancellationToken);
                flushWaiting = true;
                    waiter.Reset();
            }
        }
        if (!wait)
        {
            owner.Submit(RingLoop.KindSend);
            return default;
        }
        if (cancellationToken.CanBeCanceled)
        {
            var registered = cancellationToken.UnsafeRegister(static (state, token) => ((RingWriter)state!).OnWaitCancelled(token), this);
            lock (Gate)
            {
                if (flushWaiting) registration = registered;
                else registered.Unregister();
            }
        }
        return new ValueTask<FlushResult>(this, waiter.Version);
    }

    /// <summary>Hands the written block to the send; the caller holds the lock and queues the send after leaving it.</summary>
    private void StartSend()
    {
        (sending, sendStart, sendEnd) = (block, 0, written);
        (block, written) = (null, 0);
    }

    /// <summary>Moves the written bytes behind the send in flight (on the writer's thread, under the lock).</summary>
    private void Queue()
    {
        if (queued is null)
        {
            (queued, queuedLength) = (block, written);
            (block, written) = (null, 0);
            return;
        }
        if (queued.Length - queuedLength < written)
        {
            var bigger = PinnedBlocks.Rent(queuedLength + written);
            queued.AsSpan(0, queuedLength).CopyTo(bigger);
            PinnedBlocks.Return(queued);
            queued = bigger;
        }
        block.AsSpan(0, written).CopyTo(queued.AsSpan(queuedLength));
        queuedLength += written;
        written = 0;
    }

    /// <summary>The send being made, for its submission entry (on the ring's thread).</summary>
    internal bool TryGetSend(out byte[] bytes, out int offset, out int count)
    {
        lock (Gate)
        {
            (bytes, offset, count) = (sending!, sendStart, sendEnd - sendStart);
            return sending is not null;
        }
    }

    /// <summary>A send's completion, on the ring's thread: the rest of a short send goes again; a waiting flush moves up.</summary>
    internal void OnSent(int result)
    {
        var submit = false;
        var wake = false;
        lock (Gate)
        {
            if (result < 0)
            {
                failure ??= new IOException($"send: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(-result)}");
                Release(ref sending);
                Release(ref queued);
                queuedLength = 0;
                wake = flushWaiting;
            }
            else if ((sendStart += result) < sendEnd)
            {
                submit = true;
            }
            else
            {
                Release(ref sending);
                if (queued is not null)
                {
                    (sending, sendStart, sendEnd) = (queued, 0, queuedLength);
                    (queued, queuedLength) = (null, 0);
                    submit = true;
                }
                wake = flushWaiting;
            }
            if (wake) FinishWait();
        }
        if (submit) owner.Submit(RingLoop.KindSend);
        if (!wake) return;
        if (failure is null) waiter.SetResult(default);
        else waiter.SetException(failure);
    }

    private void OnWaitCancelled(CancellationToken token)
    {
        lock (Gate)
        {
            if (!flushWaiting) return;
            flushWaiting = false;
            registration = default;
        }
        // A flush given up on (a timeout, the shutdown deadline) means the client is not reading: the connection goes.
        owner.Abort();
        waiter.SetException(new OperationCanceledException(token));
    }

    private void FinishWait()
    {
        flushWaiting = false;
        registration.Unregister();
        registration = default;
    }

    public override void CancelPendingFlush()
    {
        lock (Gate)
        {
            if (!flushWaiting)
            {
                cancelNext = true;
                return;
            }
            FinishWait();
        }
        waiter.SetResult(new FlushResult(isCanceled: true, isCompleted: false));
    }

    /// <summary>What is written and not flushed still goes out (after a send in flight); the connection closes after it.</summary>
    public override void Complete(Exception? exception = null)
    {
        var submit = false;
        lock (Gate)
        {
            if (Completed) return;
            Completed = true;
            if (written > 0 && failure is null && sending is null)
            {
                StartSend();
                submit = true;
            }
            else if (written > 0 && failure is null)
            {
                Queue();
            }
            // The block is the writer's own: only its thread gives it back (the ring's thread never touches it).
            Release(ref block);
            written = 0;
        }
        if (submit) owner.Submit(RingLoop.KindSend);
    }

    /// <summary>The connection is closed (on the ring's thread): nothing can be sent any more.</summary>
    internal void OnClosed()
    {
        bool wake;
        lock (Gate)
        {
            failure ??= new IOException("The connection is closed.");
            Release(ref sending);
            Release(ref queued);
            queuedLength = 0;
            wake = flushWaiting;
            if (wake) FinishWait();
        }
        if (wake) waiter.SetException(failure);
    }

    private static void Release(ref byte[]? bytes)
    {
        if (bytes is not null) PinnedBlocks.Return(bytes);
        bytes = null;
    }

    FlushResult IValueTaskSource<FlushResult>.GetResult(short token) => waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<FlushResult>.GetStatus(short token) => waiter.GetStatus(token);

    void IValueTaskSource<FlushResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        waiter.OnCompleted(continuation, state, token, flags);
}
