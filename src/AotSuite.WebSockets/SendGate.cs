namespace AotSuite.WebSockets;

/// <summary>
/// A WebSocket's send lock (frames go out whole, one at a time, in the order their senders got it). An int rather than
/// a SemaphoreSlim, which was 64 bytes on every connection, idle ones included: the usual send takes it with one
/// compare-exchange, and the queue of waiters is made only when two senders first meet. A mutable struct, so it lives
/// only as a field and is never copied.
/// </summary>
internal struct SendGate
{
    private int held;
    private List<TaskCompletionSource>? waiters;

    public bool TryEnter() => Interlocked.CompareExchange(ref held, 1, 0) == 0;

    /// <summary>Completes once the caller holds the gate; cancelled (and not held) if <paramref name="cancellation"/> fires first.</summary>
    public Task EnterAsync(CancellationToken cancellation)
    {
        if (TryEnter()) return Task.CompletedTask;
        var queue = Volatile.Read(ref waiters) ?? Interlocked.CompareExchange(ref waiters, [], null) ?? waiters;
        TaskCompletionSource waiter;
        lock (queue)
        {
            // Under the queue's lock an exit either sees this waiter or has already let go (then this takes the gate).
            if (TryEnter()) return Task.CompletedTask;
            cancellation.ThrowIfCancellationRequested();
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            queue.Add(waiter);
        }
        return cancellation.CanBeCanceled ? WaitAsync(queue, waiter, cancellation) : waiter.Task;
    }

    private static async Task WaitAsync(List<TaskCompletionSource> queue, TaskCompletionSource waiter, CancellationToken cancellation)
    {
        using (cancellation.UnsafeRegister(_ =>
        {
            bool removed;
            lock (queue) removed = queue.Remove(waiter);
            // Not in the queue any more: the gate was handed to this waiter, which then holds it as if not cancelled.
            if (removed) waiter.TrySetCanceled(cancellation);
        }, null))
        {
            await waiter.Task;
        }
    }

    /// <summary>Hands the gate to the longest waiting sender, or lets it go.</summary>
    public void Exit()
    {
        var queue = Volatile.Read(ref waiters);
        if (queue is null)
        {
            Interlocked.Exchange(ref held, 0);
            // A sender that met this one may have made the queue meanwhile: if it is now waiting in it, hand over.
            queue = Volatile.Read(ref waiters);
            if (queue is null || !TryEnter()) return;
        }
        TaskCompletionSource next;
        lock (queue)
        {
            if (queue.Count == 0)
            {
                Volatile.Write(ref held, 0);
                return;
            }
            next = queue[0];
            queue.RemoveAt(0);
        }
        next.TrySetResult();
    }
}
