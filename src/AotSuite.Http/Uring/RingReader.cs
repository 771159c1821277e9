using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Tasks.Sources;
using AotSuite.Http.Connection;
using static AotSuite.Http.Uring.UringNative;

namespace AotSuite.Http.Uring;

/// <summary>
/// The connection's input. The first read that finds nothing arms a multishot receive: the kernel picks a provided buffer
/// when data arrives (so a waiting connection holds no memory), and each arrival completes on the ring's thread, running
/// the reader's continuation there. Bytes left unconsumed when more arrive join them in a pinned block of the
/// connection's own; bytes that arrive while a result is out wait until the consumer is done with it.
/// </summary>
internal sealed class RingReader(RingConnection owner) : PipeReader, IValueTaskSource<ReadResult>
{
    // The object's own monitor, not a Lock: 40 bytes less per connection, held for its whole life, and the two sides
    // (consumer, ring's thread) rarely meet, so the monitor seldom needs more than its header word.
    private object Gate => this;
    private ManualResetValueTaskSourceCore<ReadResult> waiter;
    private CancellationTokenRegistration registration;
    // The bytes received and not consumed: a provided buffer's slice of the slab (bufferId >= 0) or a block of our own.
    private byte[]? held;
    private int bufferId = -1;
    private int start;
    private int end;
    private bool examinedAll;
    private bool ended;
    private Exception? failure;
    private bool waiting;
    private bool cancelNext;
    // A receive is armed (a multishot one, or one into our block).
    private bool receiving;
    // The armed receive writes into our block (held), which must then stay where it is.
    private bool intoOwnBlock;
    private bool completed;
    // A read's result is out and not yet advanced past: the consumer may still be reading its memory, so bytes that
    // arrive meanwhile wait in their provided buffers (arrived) instead of being joined to it, which could move it.
    private bool examining;
    private Queue<(ushort Id, int Count)>? arrived;
    private int arrivedBytes;

    /// <summary>Unconsumed bytes past which a multishot receive is stopped until the reader catches up.</summary>
    private const int MaxHeld = 64 * 1024;

    public override bool TryRead(out ReadResult result)
    {
        lock (Gate)
        {
            // Reading again means the last result is done with, advanced past or not.
            if (examining) EndExamining();
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
        bool submit;
        lock (Gate)
        {
            if (examining) EndExamining();
            if (cancelNext || (end > start && !examinedAll) || ended) return new ValueTask<ReadResult>(TakeResult());
            if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<ReadResult>(cancellationToken);
            waiting = true;
            waiter.Reset();
            submit = !receiving;
            receiving = true;
        }
        if (cancellationToken.CanBeCanceled)
        {
            var registered = cancellationToken.UnsafeRegister(static (state, token) => ((RingReader)state!).OnWaitCancelled(token), this);
            lock (Gate)
            {
                if (waiting) registration = registered;
                else registered.Unregister();
            }
        }
        if (submit) owner.Submit(RingLoop.KindReceive);
        return new ValueTask<ReadResult>(this, waiter.Version);
    }

    /// <summary>The result for what is held now; the caller holds the lock.</summary>
    private ReadResult TakeResult()
    {
        if (cancelNext)
        {
            cancelNext = false;
            examining = true;
            return new ReadResult(Held(), isCanceled: true, isCompleted: false);
        }
        if (failure is not null && end == start) throw failure;
        examining = true;
        return new ReadResult(Held(), isCanceled: false, isCompleted: ended);
    }

    private ReadOnlySequence<byte> Held() => held is null ? default : new ReadOnlySequence<byte>(held, start, end - start);

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        lock (Gate)
        {
            examinedAll = SingleBlockAdvance.Apply(consumed, examined, ref start, end);
            if (start == end && !intoOwnBlock) ReleaseHeld();
            EndExamining();
        }
    }

    /// <summary>The consumer is done with the last result (it advanced, or reads again): the bytes that arrived behind it join.</summary>
    private void EndExamining()
    {
        examining = false;
        while (arrived?.TryDequeue(out var piece) == true)
        {
            arrivedBytes -= piece.Count;
            Take(owner.Buffers, piece.Id, piece.Count);
            examinedAll = false;
        }
    }

    public override void CancelPendingRead()
    {
        ReadResult result;
        lock (Gate)
        {
            cancelNext = true;
            if (!waiting) return;
            FinishWait(out result);
        }
        Complete(result);
    }

    private void OnWaitCancelled(CancellationToken token)
    {
        lock (Gate)
        {
            if (!waiting) return;
            waiting = false;
            registration = default;
        }
        // The receive stays queued: whatever it brings is kept for the next read.
        waiter.SetException(new OperationCanceledException(token));
    }

    /// <summary>Ends the pending wait under the lock, with the result to complete it with after the lock is left.</summary>
    private void FinishWait(out ReadResult result)
    {
        waiting = false;
        registration.Unregister();
        registration = default;
        result = TakeResult();
    }

    // Completing runs the reader's continuation on this thread; done outside the lock (the continuation reads again).
    private void Complete(ReadResult result) => waiter.SetResult(result);

    public override void Complete(Exception? exception = null)
    {
        lock (Gate)
        {
            completed = true;
            examining = false;
            // A receive in flight may still write into a block of ours: it is released when that receive ends.
            if (!intoOwnBlock) ReleaseAll();
        }
    }

    /// <summary>
    /// How the next receive is made: normally a multishot receive into provided buffers (armed once, it reports each
    /// arrival until it ends); after the provided buffers ran out, one receive into a block of ours (true).
    /// </summary>
    internal bool TryGetReceiveBlock(out byte[] block, out int offset)
    {
        lock (Gate)
        {
            if (intoOwnBlock)
            {
                EnsureOwnRoom(PinnedBlocks.Smallest);
                (block, offset) = (held!, end);
                return true;
            }
        }
        (block, offset) = (null!, 0);
        return false;
    }

    /// <summary>A receive's completion, on the ring's thread; <paramref name="flags"/> say whether a multishot receive goes on.</summary>
    internal void OnReceived(int result, uint flags, ProvidedBuffers buffers)
    {
        var rearm = false;
        var stop = false;
        var wake = false;
        ReadResult outcome = default;
        Exception? error = null;
        lock (Gate)
        {
            var goesOn = (flags & CqeMore) != 0;
            if (!goesOn) receiving = false;
            var ownBlock = intoOwnBlock;
            intoOwnBlock = false;
            if (result > 0)
            {
                if (ownBlock) end += result;
                else Take(buffers, (ushort)(flags >> CqeBufferShift), result);
                examinedAll = false;
                // A reader that does not keep up stops the arrivals (the kernel's window then holds the client back).
                stop = goesOn && end - start + arrivedBytes >= MaxHeld;
            }
            else if (result is -ENOBUFS or -ECANCELED)
            {
                // Out of provided buffers: the next receive goes into a block of ours. Cancelled: stopped for backpressure.
                intoOwnBlock = result == -ENOBUFS;
            }
            else
            {
                ended = true;
                // A reset is the peer gone, as an orderly end is: no exception for it.
                if (result < 0 && result != -ECONNRESET) failure = new IOException($"recv: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(-result)}");
            }
            if (completed)
            {
                ReleaseAll();
            }
            else if (waiting && (end > start || ended))
            {
                wake = true;
                try
                {
                    FinishWait(out outcome);
                }
                catch (Exception e)
                {
                    error = e;
                }
            }
            else if (waiting && !receiving && !owner.Closing)
            {
                rearm = receiving = true;
            }
        }
        if (rearm) owner.Submit(RingLoop.KindReceive);
        if (stop) owner.Submit(RingLoop.KindStopReceiving);
        if (!wake) return;
        if (error is null) Complete(outcome);
        else waiter.SetException(error);
    }

    /// <summary>The connection is closed (on the ring's thread): a waiting read sees the end, and any buffer goes back.</summary>
    internal void OnClosed()
    {
        ReadResult outcome;
        lock (Gate)
        {
            ended = true;
            receiving = intoOwnBlock = false;
            var wake = waiting;
            // What is held stays readable until the consumer completes the reader, which gives it back.
            if (completed) ReleaseAll();
            if (wake) FinishWait(out outcome);
            else outcome = default;
            if (!wake) return;
        }
        Complete(outcome);
    }

    private void Take(ProvidedBuffers buffers, ushort id, int count)
    {
        if (examining)
        {
            (arrived ??= new Queue<(ushort, int)>()).Enqueue((id, count));
            arrivedBytes += count;
            return;
        }
        var offset = buffers.Offset(id);
        if (held is null)
        {
            (held, bufferId, start, end) = (buffers.Slab, id, offset, offset + count);
            return;
        }
        // Bytes kept from before: the new ones join them in a block of ours, and the provided buffer goes back at once.
        EnsureOwnRoom(count);
        buffers.Slab.AsSpan(offset, count).CopyTo(held.AsSpan(end));
        end += count;
        buffers.Return(id);
    }

    /// <summary>Makes the held bytes sit at the start of a block of ours with at least <paramref name="more"/> bytes free after them.</summary>
    private void EnsureOwnRoom(int more)
    {
        var length = end - start;
        if (held is not null && bufferId < 0 && held.Length - length >= more)
        {
            if (held.Length - end < more)
            {
                held.AsSpan(start, length).CopyTo(held);
                (start, end) = (0, length);
            }
            return;
        }
        var block = PinnedBlocks.Rent(length + more);
        if (held is not null) held.AsSpan(start, length).CopyTo(block);
        ReleaseHeld();
        (held, start, end) = (block, 0, length);
    }

    /// <summary>Gives back everything held, the bytes that arrived behind a read included (the reader is done).</summary>
    private void ReleaseAll()
    {
        ReleaseHeld();
        while (arrived?.TryDequeue(out var piece) == true) owner.Buffers.Return(piece.Id);
        arrivedBytes = 0;
    }

    private void ReleaseHeld()
    {
        if (held is null) return;
        if (bufferId >= 0) owner.Buffers.Return((ushort)bufferId);
        else PinnedBlocks.Return(held);
        (held, bufferId, start, end) = (null, -1, 0, 0);
    }

    ReadResult IValueTaskSource<ReadResult>.GetResult(short token) => waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<ReadResult>.GetStatus(short token) => waiter.GetStatus(token);

    void IValueTaskSource<ReadResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        waiter.OnCompleted(continuation, state, token, flags);
}
