using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace AotSuite.Pooling;

/// <summary>
/// An async pool of resources (connections, sockets, workers). Acquirers queue first come, first served; a returned
/// resource goes straight to the longest waiter, so a burst larger than <see cref="PoolOptions{T}.MaxSize"/> is served
/// in arrival order. One lock guards the state; callbacks (create, validate, destroy) always run outside it.
/// </summary>
/// <remarks>
/// Warm path: an idle resource is popped and a struct lease returned synchronously; nothing is allocated. Waiting
/// costs one waiter object (the price of an unbounded queue), creating a resource costs the resource.
/// </remarks>
public sealed partial class Pool<T> : IAsyncDisposable where T : class
{
    private readonly PoolOptions<T> options;
    private readonly TimeProvider time;
    // Borrow and return times matter only to lifetime, idle and leak checks; without them an immediate borrow and a
    // return read no clock (two reads were half of a warm borrow-and-return's cost).
    private readonly bool clocked;
    private readonly Lock gate = new();
    private readonly List<PoolEntry<T>> idle = [];        // a stack: the most recently returned is lent first (stays warm)
    private readonly List<PoolEntry<T>> all = [];         // every live resource, for leak scans
    private readonly LinkedList<Waiter> waiters = new();
    private readonly LatencyHistogram latency = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task maintenance;
    private int size;              // live resources plus creations in flight; never above MaxSize
    private int pending;           // creations in flight
    private int borrowed;
    private bool closing;
    private TaskCompletionSource? drained;
    private long acquired, created, destroyed, timedOut, leaks, failedCreates;

    public Pool(PoolOptions<T> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Check();
        this.options = options;
        time = options.TimeProvider;
        clocked = options.MaxLifetime > TimeSpan.Zero || options.IdleTimeout > TimeSpan.Zero || options.LeakThreshold > TimeSpan.Zero;
        int starts;
        lock (gate) starts = Pump();
        StartCreates(starts);
        maintenance = MaintainAsync();
    }

    public PoolOptions<T> Options => options;

    /// <summary>
    /// Borrows a resource: an idle one, a new one when the pool is below <see cref="PoolOptions{T}.MaxSize"/>, or the
    /// next one returned. Fails with <see cref="PoolTimeoutException"/> after <see cref="PoolOptions{T}.AcquireTimeout"/>,
    /// with <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires, and with the
    /// factory's exception when creating the resource fails. The caller's location is kept for leak reports.
    /// </summary>
    public ValueTask<PoolLease<T>> AcquireAsync(CancellationToken cancellationToken = default,
        [CallerMemberName] string member = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        cancellationToken.ThrowIfCancellationRequested();
        PoolEntry<T>? entry;
        Waiter? waiter = null;
        int starts;
        var start = Stamp();
        lock (gate)
        {
            if (closing) ThrowClosed();
            entry = waiters.Count == 0 ? TakeIdle(start) : null;
            if (entry is not null)
            {
                Lend(entry, start, start, member, file, line);
                starts = 0;
            }
            else
            {
                waiter = new Waiter(this, clocked ? start : time.GetTimestamp(), member, file, line);
                waiter.Node = waiters.AddLast(waiter);
                starts = Pump();
            }
        }
        StartCreates(starts);
        if (waiter is not null) return WaitAsync(waiter, cancellationToken);

        var lease = new PoolLease<T>(this, entry!);
        if (!options.ValidateOnBorrow) return new ValueTask<PoolLease<T>>(lease);
        return ValidateBorrowed(lease, cancellationToken, member, file, line);
    }

    /// <summary>Sizes, counters and acquire latency (p50, p99, max) now.</summary>
    public PoolMetrics Metrics
    {
        get
        {
            lock (gate)
            {
                return new PoolMetrics(size, idle.Count, borrowed, waiters.Count, pending, acquired, created, destroyed, timedOut, leaks,
                    failedCreates, latency.Percentile(0.50), latency.Percentile(0.99), latency.Max);
            }
        }
    }

    /// <summary>
    /// Stops lending to new acquirers (they get <see cref="PoolClosedException"/>), serves those already queued, waits
    /// for every borrowed resource to come back, then destroys them all. Cancelling the wait fails the queued acquirers
    /// and destroys what is idle; resources still out are destroyed when they come back.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        Task done;
        lock (gate)
        {
            closing = true;
            drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            CheckDrained();
            done = drained.Task;
        }
        try
        {
            await done.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            FailWaiters(static pool => new PoolClosedException($"{pool.options.Name}: the pool was closed while waiting for a resource"));
            await DestroyIdleAsync().ConfigureAwait(false);
            throw;
        }
        await DestroyIdleAsync().ConfigureAwait(false);
        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await maintenance.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the loop ends by cancellation
        }
    }

    /// <summary>Drains the pool (see <see cref="DrainAsync"/>).</summary>
    public ValueTask DisposeAsync() => new(DrainAsync());

    private PoolEntry<T>? TakeIdle(long now)
    {
        while (idle.Count > 0)
        {
            var entry = idle[^1];
            idle.RemoveAt(idle.Count - 1);
            if (!Expired(entry, now)) return entry;
            Retire(entry);
        }
        return null;
    }

    private void Lend(PoolEntry<T> entry, long requestedAt, long now, string member, string file, int line)
    {
        entry.Borrowed = true;
        entry.BorrowedAt = now;
        entry.LeakReported = false;
        entry.Member = member;
        entry.File = file;
        entry.Line = line;
        borrowed++;
        entry.LendSerial = ++acquired;
        latency.Record(time.GetElapsedTime(requestedAt, now).Ticks);
    }

    private async ValueTask<PoolLease<T>> ValidateBorrowed(PoolLease<T> lease, CancellationToken cancellationToken, string member, string file, int line)
    {
        while (true)
        {
            bool valid;
            try
            {
                valid = await options.Validate!(lease.Value, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                valid = false;
            }
            if (valid) return lease;
            lease.Invalidate();
            // Queue again as a new acquirer: the next idle one is checked the same way, a new one is not.
            lease = await AcquireWithoutValidationAsync(cancellationToken, member, file, line).ConfigureAwait(false);
            if (lease.Created) return lease;
        }
    }

    private async ValueTask<PoolLease<T>> AcquireWithoutValidationAsync(CancellationToken cancellationToken, string member, string file, int line)
    {
        PoolEntry<T>? entry;
        Waiter? waiter = null;
        int starts = 0;
        var start = Stamp();
        lock (gate)
        {
            if (closing) ThrowClosed();
            entry = waiters.Count == 0 ? TakeIdle(start) : null;
            if (entry is not null) Lend(entry, start, start, member, file, line);
            else
            {
                waiter = new Waiter(this, clocked ? start : time.GetTimestamp(), member, file, line);
                waiter.Node = waiters.AddLast(waiter);
                starts = Pump();
            }
        }
        StartCreates(starts);
        return waiter is not null ? await WaitAsync(waiter, cancellationToken).ConfigureAwait(false) : new PoolLease<T>(this, entry!);
    }

    private async ValueTask<PoolLease<T>> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        waiter.Arm(options.AcquireTimeout, cancellationToken);
        try
        {
            var (entry, fresh) = await waiter.Task.ConfigureAwait(false);
            return new PoolLease<T>(this, entry, fresh);
        }
        finally
        {
            waiter.Disarm();
        }
    }

    /// <summary>Called by <see cref="PoolLease{T}"/>; hands the resource to the longest waiter, or back to the idle stack.</summary>
    internal void Return(PoolEntry<T> entry, int generation, bool destroy)
    {
        Waiter? next = null;
        bool retire;
        int starts;
        lock (gate)
        {
            if (!entry.Borrowed || entry.Generation != generation)
            {
                throw new InvalidOperationException($"{options.Name}: this lease was already returned; dispose a lease once");
            }
            entry.Generation++;
            entry.Borrowed = false;
            borrowed--;
            var now = Stamp();
            entry.ReturnedAt = now;
            retire = destroy || Expired(entry, now) || (closing && waiters.Count == 0);
            if (retire) Retire(entry);
            else if (waiters.First is { } first) next = HandOff(first, entry, clocked ? now : time.GetTimestamp()); // the waiter's latency
            else idle.Add(entry);
            starts = Pump();
            CheckDrained();
        }
        next?.TrySetResult((entry, false));
        StartCreates(starts);
    }

    private Waiter HandOff(LinkedListNode<Waiter> node, PoolEntry<T> entry, long now)
    {
        var waiter = node.Value;
        waiters.Remove(node);
        waiter.Node = null;
        Lend(entry, waiter.EnqueuedAt, now, waiter.Member, waiter.File, waiter.Line);
        return waiter;
    }

    // A resource leaves the pool: the slot frees at once, the destroy callback runs in the background.
    private void Retire(PoolEntry<T> entry)
    {
        all.Remove(entry);
        size--;
        destroyed++;
        _ = DestroyAsync(entry.Value);
    }

    private async Task DestroyAsync(T value)
    {
        if (options.Destroy is null) return;
        await Task.Yield(); // never inside the caller's lock or stack
        try
        {
            await options.Destroy(value).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A resource that fails to close is gone either way; the count of destroyed ones already says so.
        }
    }

    // The clock when an option reads borrow or return times, else 0 (an immediate borrow's latency is 0 either way).
    private long Stamp() => clocked ? time.GetTimestamp() : 0;

    private bool Expired(PoolEntry<T> entry, long now) =>
        options.MaxLifetime > TimeSpan.Zero && time.GetElapsedTime(entry.CreatedAt, now) >= options.MaxLifetime;

    // Decides how many resources to create now (the caller starts them outside the lock): one per waiter not already
    // covered by a creation in flight, and enough to reach MinSize, never above MaxSize.
    private int Pump()
    {
        var starts = 0;
        while (size < options.MaxSize && (waiters.Count > pending || (!closing && size < options.MinSize)))
        {
            size++;
            pending++;
            starts++;
        }
        return starts;
    }

    private void StartCreates(int count)
    {
        for (var i = 0; i < count; i++) _ = Task.Run(CreateOneAsync);
    }

    private async Task CreateOneAsync()
    {
        T value;
        try
        {
            value = await options.Create(stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Waiter? failed = null;
            int starts;
            lock (gate)
            {
                size--;
                pending--;
                failedCreates++;
                if (waiters.First is { } first)
                {
                    failed = first.Value;
                    waiters.Remove(first);
                    failed.Node = null;
                }
                // The next waiter gets its own attempt: a database that is down fails each waiter once, no faster.
                starts = failed is null ? 0 : Pump();
                CheckDrained();
            }
            failed?.TrySetException(e);
            StartCreates(starts);
            return;
        }

        Waiter? next = null;
        PoolEntry<T> entry;
        lock (gate)
        {
            var now = time.GetTimestamp();
            entry = new PoolEntry<T>(value, now);
            pending--;
            created++;
            all.Add(entry);
            if (waiters.First is { } first) next = HandOff(first, entry, now);
            else if (closing) Retire(entry);
            else idle.Add(entry);
            CheckDrained();
        }
        next?.TrySetResult((entry, true));
    }

    private void CheckDrained()
    {
        if (closing && drained is not null && waiters.Count == 0 && borrowed == 0 && pending == 0) drained.TrySetResult();
    }

    private async Task DestroyIdleAsync()
    {
        List<PoolEntry<T>> gone;
        lock (gate)
        {
            gone = [.. idle];
            idle.Clear();
            foreach (var entry in gone)
            {
                all.Remove(entry);
                size--;
                destroyed++;
            }
        }
        if (options.Destroy is null) return;
        foreach (var entry in gone)
        {
            try
            {
                await options.Destroy(entry.Value).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // see DestroyAsync
            }
        }
    }

    private void FailWaiters(Func<Pool<T>, Exception> error)
    {
        List<Waiter> failed;
        lock (gate)
        {
            failed = [.. waiters];
            waiters.Clear();
            foreach (var waiter in failed) waiter.Node = null;
            CheckDrained();
        }
        foreach (var waiter in failed) waiter.TrySetException(error(this));
    }

    // Called from a waiter's timer or cancellation token: leaves the queue only if still in it, so a hand-off that
    // won the race under the lock keeps its resource.
    private void Abandon(Waiter waiter, bool timeout)
    {
        lock (gate)
        {
            if (waiter.Node is null) return;
            waiters.Remove(waiter.Node);
            waiter.Node = null;
            if (timeout) timedOut++;
            CheckDrained();
        }
        if (timeout)
        {
            var m = Metrics;
            waiter.TrySetException(new PoolTimeoutException(
                $"{options.Name}: timed out after {options.AcquireTimeout.TotalMilliseconds:0} ms waiting for a resource " +
                $"({m.Size}/{options.MaxSize} open, {m.Borrowed} borrowed, {m.Waiting} still waiting); " +
                "raise MaxSize or AcquireTimeout, or return leases sooner"));
        }
        else
        {
            waiter.TrySetCanceled(waiter.Cancellation);
        }
    }

    [StackTraceHidden]
    private void ThrowClosed() => throw new PoolClosedException($"{options.Name}: the pool is draining or closed; acquire before DrainAsync");

    private sealed class Waiter(Pool<T> pool, long enqueuedAt, string member, string file, int line)
        : TaskCompletionSource<(PoolEntry<T> Entry, bool Fresh)>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private readonly Pool<T> pool = pool;
        public readonly long EnqueuedAt = enqueuedAt;
        public readonly string Member = member;
        public readonly string File = file;
        public readonly int Line = line;
        public LinkedListNode<Waiter>? Node;
        public CancellationToken Cancellation;
        private ITimer? timer;
        private CancellationTokenRegistration registration;

        public void Arm(TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (Task.IsCompleted) return;
            Cancellation = cancellationToken;
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                timer = pool.time.CreateTimer(static state => { var w = (Waiter)state!; w.pool.Abandon(w, timeout: true); }, this, timeout, Timeout.InfiniteTimeSpan);
            }
            if (cancellationToken.CanBeCanceled)
            {
                registration = cancellationToken.UnsafeRegister(static state => { var w = (Waiter)state!; w.pool.Abandon(w, timeout: false); }, this);
            }
        }

        public void Disarm()
        {
            timer?.Dispose();
            registration.Dispose();
        }
    }
}
