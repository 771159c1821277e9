namespace AotSuite.Jobs;

/// <summary>
/// Runs a queue's jobs through one handler, <see cref="WorkerOptions.Concurrency"/> at a time: claims due jobs (and up
/// to <see cref="WorkerOptions.Prefetch"/> more into a local queue), keeps their leases alive with heartbeats, records
/// the outcome (completed; a retry after exponential backoff with jitter; dead after the last attempt; cancelled), and
/// raises events. <see cref="StopAsync"/> stops claiming, hands the local queue back, lets running jobs finish within a
/// grace period, then cancels and releases the rest back to the queue.
/// </summary>
public sealed class JobWorker : IAsyncDisposable
{
    private readonly IJobStore store;
    private readonly string queue;
    private readonly Func<JobContext, CancellationToken, Task> handler;
    private readonly WorkerOptions options;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim slots;
    private readonly CancellationTokenSource stopClaiming = new();
    private readonly CancellationTokenSource abortRunning = new();
    private readonly Lock gate = new();
    private readonly HashSet<Task> running = [];
    private readonly Queue<JobRecord> prefetched = new(); // claimed, not started; under gate
    private readonly Random random = new();
    // Successes are recorded in batches: one statement for every job that finished since the last one went out.
    private readonly System.Threading.Channels.Channel<Success> completions =
        System.Threading.Channels.Channel.CreateUnbounded<Success>(new() { SingleReader = true });
    private int unrecorded; // successes handed to the recorder and not yet written
    private Task? loop;
    private Task? recorder;
    private Task? renewer;
    private Task? refill; // the loop's refill of the local queue in flight, if any
    private volatile bool dry; // the last claim found fewer jobs than it asked for: no refill until a claim fills up

    public JobWorker(IJobStore store, string queue, Func<JobContext, CancellationToken, Task> handler, WorkerOptions? options = null)
    {
        this.store = store;
        this.queue = queue;
        this.handler = handler;
        this.options = options ?? new WorkerOptions();
        if (this.options.Concurrency < 1) throw new ArgumentOutOfRangeException(nameof(options), this.options.Concurrency, "Concurrency must be at least 1");
        if (this.options.Prefetch < 0) throw new ArgumentOutOfRangeException(nameof(options), this.options.Prefetch, "Prefetch must be 0 or more");
        time = this.options.TimeProvider;
        slots = new SemaphoreSlim(this.options.Concurrency);
        WorkerId = this.options.WorkerId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    }

    public string WorkerId { get; }

    public event Action<JobEvent>? Completed;
    public event Action<JobEvent>? Failed;
    public event Action<JobEvent>? Progress;

    /// <summary>Starts claiming in the background.</summary>
    public void Start()
    {
        if (loop is not null) return;
        recorder = Task.Run(RecordCompletionsAsync);
        if (options.Prefetch > 0) renewer = Task.Run(RenewPrefetchedAsync);
        loop = Task.Run(LoopAsync);
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires, then stops gracefully.</summary>
    public async Task RunAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        Start();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // asked to stop
        }
        await StopAsync(grace).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops claiming and hands unstarted (prefetched) jobs back; waits up to <paramref name="grace"/> for running jobs,
    /// then cancels and releases them.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        await stopClaiming.CancelAsync().ConfigureAwait(false);
        foreach (var background in new[] { loop, renewer })
        {
            if (background is null) continue;
            try
            {
                await background.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the claim and renewal loops end by cancellation
            }
        }
        if (refill is not null) await refill.ConfigureAwait(false); // set by the loop only, which has ended
        await ReleasePrefetchedAsync().ConfigureAwait(false);
        Task[] left;
        lock (gate) left = [.. running];
        var all = Task.WhenAll(left);
        if (await Task.WhenAny(all, Task.Delay(grace, time)).ConfigureAwait(false) != all)
        {
            await abortRunning.CancelAsync().ConfigureAwait(false);
            await all.ConfigureAwait(false);
        }
        completions.Writer.TryComplete();
        if (recorder is not null) await recorder.ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => new(StopAsync(TimeSpan.FromSeconds(10)));

    private async Task LoopAsync()
    {
        var stop = stopClaiming.Token;
        while (!stop.IsCancellationRequested)
        {
            await slots.WaitAsync(stop).ConfigureAwait(false);
            JobRecord? next;
            int queued;
            lock (gate)
            {
                prefetched.TryDequeue(out next);
                queued = prefetched.Count;
            }
            if (next is not null)
            {
                Run(next);
                // Top the local queue up while half of it is left, so freed slots find jobs instead of waiting for a
                // claim's round trip (and the database is not idle while the last of the local queue runs).
                if (queued <= options.Prefetch / 2 && refill is not { IsCompleted: false } && !dry) refill = RefillAsync(options.Prefetch - queued);
                continue;
            }
            if (refill is { IsCompleted: false })
            {
                slots.Release();
                await refill.ConfigureAwait(false);
                continue;
            }
            // The local queue is empty: claim for every free slot, plus the prefetch.
            var free = 1;
            while (slots.Wait(0)) free++;
            IReadOnlyList<JobRecord> jobs;
            try
            {
                jobs = await store.ClaimAsync(queue, WorkerId, free + options.Prefetch, options.LeaseDuration, stop).ConfigureAwait(false);
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // The store is unreachable for now: back off and try again.
                slots.Release(free);
                await Task.Delay(options.IdleWait, time, stop).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException)
            {
                slots.Release(free);
                throw;
            }
            if (jobs.Count < free) slots.Release(free - jobs.Count);
            dry = jobs.Count < free + options.Prefetch;
            for (var i = 0; i < jobs.Count; i++)
            {
                if (i < free) Run(jobs[i]);
                else lock (gate) prefetched.Enqueue(jobs[i]);
            }
            if (jobs.Count < free) await store.WaitForWorkAsync(queue, options.IdleWait, stop).ConfigureAwait(false);
        }
    }

    // A claim for the local queue alone, beside running jobs. It is not cancelled by a stop (a claim cut off after the
    // server ran it would leave its jobs leased to no one): StopAsync waits for it, then hands its jobs back. A refill
    // that found fewer jobs than it asked for (the queue ran dry) stops refills until the next claim for free slots
    // finds a full batch again, so a nearly empty queue is not asked once per job.
    private async Task RefillAsync(int count)
    {
        IReadOnlyList<JobRecord> jobs;
        try
        {
            jobs = await store.ClaimAsync(queue, WorkerId, count, options.LeaseDuration, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            dry = true; // the claim path backs off once the local queue is empty
            return;
        }
        if (jobs.Count < count) dry = true;
        lock (gate) foreach (var job in jobs) prefetched.Enqueue(job);
    }

    // Starts a job on a slot the caller took.
    private void Run(JobRecord job)
    {
        var task = RunOneAsync(job);
        lock (gate) running.Add(task);
        _ = task.ContinueWith(t => { lock (gate) running.Remove(t); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    // Prefetched jobs wait without a heartbeat of their own: one statement per interval renews all their leases, and
    // those the store no longer gives to this worker (expired, now someone else's) leave the local queue unstarted.
    private async Task RenewPrefetchedAsync()
    {
        var stop = stopClaiming.Token;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(HeartbeatInterval, time, stop).ConfigureAwait(false);
            (long Id, int Attempt)[] waiting;
            lock (gate) waiting = [.. prefetched.Select(static j => (j.Id, j.Attempts))];
            if (waiting.Length == 0) continue;
            IReadOnlyList<long> held;
            try
            {
                held = await store.RenewAsync(WorkerId, waiting, options.LeaseDuration, stop).ConfigureAwait(false);
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                continue; // retried at the next interval; the lease is three intervals long
            }
            if (held.Count == waiting.Length) continue;
            var kept = new HashSet<long>(held);
            var asked = new HashSet<long>(waiting.Select(static w => w.Id));
            lock (gate)
            {
                // Jobs started since the snapshot have their own heartbeat; only the lost ones still waiting go.
                var left = prefetched.Where(j => !asked.Contains(j.Id) || kept.Contains(j.Id)).ToArray();
                prefetched.Clear();
                foreach (var job in left) prefetched.Enqueue(job);
            }
        }
    }

    // A graceful stop gives unstarted jobs back at once (the attempt not counted) rather than leaving them to expire.
    private async Task ReleasePrefetchedAsync()
    {
        JobRecord[] unstarted;
        lock (gate)
        {
            unstarted = [.. prefetched];
            prefetched.Clear();
        }
        foreach (var job in unstarted)
        {
            try
            {
                await store.FinishAsync(job.Id, WorkerId, job.Attempts, JobOutcome.Released, null, null).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Its lease runs out and the job runs elsewhere (at-least-once).
            }
        }
    }

    private TimeSpan HeartbeatInterval => options.HeartbeatInterval ?? options.LeaseDuration / 3;

    private async Task RunOneAsync(JobRecord job)
    {
        await Task.Yield();
        var context = new JobContext(this, job);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(abortRunning.Token);
        var timeout = job.TimeoutMs is { } ms ? new CancellationTokenSource(TimeSpan.FromMilliseconds(ms), time) : null;
        using var timeoutRegistration = timeout?.Token.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), cancel);
        var state = new HeartbeatState();
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(context, state, cancel, stopHeartbeat.Token);
        var slotFree = false;
        Exception? error = null;
        try
        {
            await handler(context, cancel.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e;
        }
        var timedOut = timeout?.IsCancellationRequested == true;
        timeout?.Dispose();
        try
        {
            if (error is null && !state.Lost)
            {
                // The handler is done, so its slot goes to the next job; the heartbeat keeps this one's lease until the
                // recorder has written the success with others. At most Concurrency + Prefetch successes (the jobs
                // this worker may hold at once) wait with their slots freed, so a worker killed outright leaves at
                // most 2 × Concurrency + Prefetch jobs to run again; a bound of Concurrency alone let no-op jobs
                // finish only that many per write and cost a fifth of the throughput (jobs.sh).
                var success = new Success(job);
                if (completions.Writer.TryWrite(success))
                {
                    if (Interlocked.Increment(ref unrecorded) <= options.Concurrency + options.Prefetch)
                    {
                        slots.Release();
                        slotFree = true;
                    }
                    try
                    {
                        await success.Task.ConfigureAwait(false);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref unrecorded);
                    }
                    return;
                }
            }
            await stopHeartbeat.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            await RecordAsync(job, error, state.CancelRequested || context.CancelRequested ? state.WithCancel() : state, timedOut).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The store failed while recording: the lease runs out and the job runs again (at-least-once).
        }
        finally
        {
            await stopHeartbeat.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            if (!slotFree) slots.Release();
        }
    }

    /// <summary>A job whose handler succeeded, waiting for the recorder; completes once its outcome is written (or not).</summary>
    private sealed class Success(JobRecord job) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public JobRecord Job { get; } = job;
    }

    // One consumer: takes every success queued since the last round (up to a statement's worth), records them in one
    // statement and raises Completed for those the store accepted.
    private async Task RecordCompletionsAsync()
    {
        const int MaxBatch = 500;
        var reader = completions.Reader;
        var batch = new List<Success>(MaxBatch);
        var done = new List<(long Id, int Attempt)>(MaxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var success))
            {
                batch.Add(success);
                done.Add((success.Job.Id, success.Job.Attempts));
            }
            IReadOnlyList<long> recorded;
            try
            {
                recorded = await store.CompleteAsync(WorkerId, done).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Unrecorded successes keep their leases until they expire, then run again (at-least-once).
                recorded = [];
            }
            var ok = recorded.Count == batch.Count ? null : new HashSet<long>(recorded);
            foreach (var success in batch)
            {
                if (ok is null || ok.Contains(success.Job.Id))
                {
                    Completed?.Invoke(new JobEvent(success.Job with { State = JobState.Completed }, success.Job.Attempts, Progress: 100));
                }
                success.TrySetResult();
            }
            batch.Clear();
            done.Clear();
        }
    }

    private async Task RecordAsync(JobRecord job, Exception? error, HeartbeatState state, bool timedOut)
    {
        if (state.Lost) return; // someone else owns it now; recording anything would be a second outcome
        if (error is null)
        {
            if (await store.FinishAsync(job.Id, WorkerId, job.Attempts, JobOutcome.Completed, null, null).ConfigureAwait(false))
            {
                Completed?.Invoke(new JobEvent(job with { State = JobState.Completed }, job.Attempts, Progress: 100));
            }
            return;
        }
        if (abortRunning.IsCancellationRequested && error is OperationCanceledException)
        {
            await store.FinishAsync(job.Id, WorkerId, job.Attempts, JobOutcome.Released, null, null).ConfigureAwait(false);
            return;
        }
        if (state.CancelRequested && error is OperationCanceledException)
        {
            await store.FinishAsync(job.Id, WorkerId, job.Attempts, JobOutcome.Cancelled, "cancelled", null).ConfigureAwait(false);
            Failed?.Invoke(new JobEvent(job with { State = JobState.Cancelled }, job.Attempts, "cancelled"));
            return;
        }
        var message = timedOut && error is OperationCanceledException
            ? $"timed out after {job.TimeoutMs} ms"
            : error is JobFailedException ? error.Message : $"{error.GetType().Name}: {error.Message}";
        var retry = job.Attempts < job.MaxAttempts;
        double roll;
        lock (random) roll = random.NextDouble();
        var runAt = retry ? time.GetUtcNow() + Backoff.Delay(TimeSpan.FromMilliseconds(job.BackoffMs), job.Attempts, roll) : (DateTimeOffset?)null;
        if (await store.FinishAsync(job.Id, WorkerId, job.Attempts, retry ? JobOutcome.Retry : JobOutcome.Dead, message, runAt).ConfigureAwait(false))
        {
            Failed?.Invoke(new JobEvent(job with { State = retry ? JobState.Delayed : JobState.Dead, LastError = message }, job.Attempts, message, retry));
        }
    }

    private sealed class HeartbeatState
    {
        public volatile bool Lost;
        public volatile bool CancelRequested;

        public HeartbeatState WithCancel()
        {
            CancelRequested = true;
            return this;
        }
    }

    private async Task HeartbeatAsync(JobContext context, HeartbeatState state, CancellationTokenSource cancel, CancellationToken stop)
    {
        var interval = HeartbeatInterval;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stop).ConfigureAwait(false);
                var pending = Interlocked.Exchange(ref context.PendingProgress, -1);
                int? progress = pending < 0 ? null : pending;
                var status = await store.HeartbeatAsync(context.Id, WorkerId, context.Attempt, options.LeaseDuration, progress, stop).ConfigureAwait(false);
                if (status == LeaseStatus.Held) continue;
                if (status == LeaseStatus.Lost) state.Lost = true;
                else state.CancelRequested = true;
                await cancel.CancelAsync().ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception)
            {
                // A missed heartbeat is retried at the next interval; the lease is three intervals long.
            }
        }
    }

    internal async Task ReportProgressAsync(JobContext context, int percent, CancellationToken cancellationToken)
    {
        percent = Math.Clamp(percent, 0, 100);
        var status = await store.HeartbeatAsync(context.Id, WorkerId, context.Attempt, options.LeaseDuration, percent, cancellationToken).ConfigureAwait(false);
        Progress?.Invoke(new JobEvent(context.Job, context.Attempt, Progress: percent));
        if (status == LeaseStatus.CancelRequested)
        {
            context.CancelRequested = true;
            throw new OperationCanceledException("the job was cancelled");
        }
    }
}
