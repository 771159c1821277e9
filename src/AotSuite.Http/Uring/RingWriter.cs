using System.IO.Pipelines;
using System.Threading.Tasks.Sources;

namespace AotSuite.Http.Uring;

/// <summary>
/// The connection's output: bytes are written into a pinned block, and a flush hands the block to the kernel as one
/// send and returns at once; a second flush while that send is in flight waits for it (so at most two blocks per
/// connection, and a slow reader holds the writer back). A connection with nothing in flight holds no block.
/// </summary>
internal sealed class RingWriter(RingConnection owner) : PipeWriter, IValueTaskSource<FlushResult>
{
    private readonly Lock gate = new();
    private ManualResetValueTaskSourceCore<FlushResult> waiter;
    private CancellationTokenRegistration registration;
    private CancellationToken waitToken;
    private byte[]? block;
    private int written;
    private byte[]? sending;
    private int sendStart;
    private int sendEnd;
    private bool flushWaiting;
    private bool cancelNext;
    private Exception? failure;

    /// <summary>Set by <see cref="Complete"/>: the protocol has written its last byte (what is left still goes out).</summary>
    internal bool Completed { get; private set; }

    internal bool Sending
    {
        get
        {
            lock (gate) return sending is not null;
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
        lock (gate)
        {
            if (failure is not null) return ValueTask.FromException<FlushResult>(failure);
            if (cancelNext)
            {
                cancelNext = false;
                return new ValueTask<FlushResult>(new FlushResult(isCanceled: true, isCompleted: false));
            }
            if (written == 0) return default;
            wait = sending is not null;
            if (!wait)
            {
                StartSend();
            }
            else
            {
                if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<FlushResult>(cancellationToken);
                flushWaiting = true;
                waitToken = cancellationToken;
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
            var registered = cancellationToken.UnsafeRegister(static state => ((RingWriter)state!).OnWaitCancelled(), this);
            lock (gate)
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

    /// <summary>The send being made, for its submission entry (on the ring's thread).</summary>
    internal bool TryGetSend(out byte[] bytes, out int offset, out int count)
    {
        lock (gate)
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
        lock (gate)
        {
            if (result < 0)
            {
                failure ??= new IOException($"send: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(-result)}");
                Release(ref sending);
                wake = flushWaiting;
            }
            else if ((sendStart += result) < sendEnd)
            {
                submit = true;
            }
            else
            {
                Release(ref sending);
                if (written > 0 && (flushWaiting || Completed))
                {
                    StartSend();
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

    private void OnWaitCancelled()
    {
        CancellationToken token;
        lock (gate)
        {
            if (!flushWaiting) return;
            token = waitToken;
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
        lock (gate)
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
        lock (gate)
        {
            if (Completed) return;
            Completed = true;
            if (written > 0 && failure is null && sending is null)
            {
                StartSend();
                submit = true;
            }
            else if (written == 0)
            {
                Release(ref block);
            }
        }
        if (submit) owner.Submit(RingLoop.KindSend);
    }

    /// <summary>The connection is closed (on the ring's thread): nothing can be sent any more.</summary>
    internal void OnClosed()
    {
        bool wake;
        lock (gate)
        {
            failure ??= new IOException("The connection is closed.");
            Release(ref sending);
            Release(ref block);
            written = 0;
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
