using AotSuite.Jobs.Scheduling;
using AotSuite.Json;
using Microsoft.Extensions.Time.Testing;

namespace AotSuite.Jobs.Tests;

[JsonModel]
public sealed partial record Email(string To, string Subject);

/// <summary>
/// The behaviour every store must have. Each store's test class inherits these tests and supplies the store; each
/// test works on its own queue, so tests share one database.
/// </summary>
public abstract class JobStoreBehaviour
{
    protected abstract Task<IJobStore> StoreAsync(TimeProvider? time = null);

    private static string Queue() => "q-" + Guid.NewGuid().ToString("N")[..12];

    private static readonly WorkerOptions Fast = new() { IdleWait = TimeSpan.FromMilliseconds(50), Concurrency = 4 };

    // How long a test waits for something that takes milliseconds on an idle machine: generous, because CI machines
    // are loaded (a 20 s wait once ran out there), and a passing test never waits for it.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Test]
    public async Task Runs_a_typed_job_and_records_it_completed()
    {
        await using var store = await StoreAsync();
        var queue = Queue();
        var id = await new JobQueue(store).EnqueueAsync(queue, new Email("ada@example.com", "hello"));
        var seen = new TaskCompletionSource<Email>();
        var completed = new TaskCompletionSource<JobEvent>();
        await using var worker = new JobWorker(store, queue, (job, _) => { seen.TrySetResult(job.Payload<Email>()); return Task.CompletedTask; }, Fast);
        worker.Completed += e => completed.TrySetResult(e);
        worker.Start();
        await Assert.That(await seen.Task.WaitAsync(Patience)).IsEqualTo(new Email("ada@example.com", "hello"));
        await Assert.That((await completed.Task.WaitAsync(Patience)).Job.Id).IsEqualTo(id);
        var stored = await store.GetAsync(id);
        await Assert.That(stored!.State).IsEqualTo(JobState.Completed);
        await Assert.That(stored.Attempts).IsEqualTo(1);
    }

    [Test]
    public async Task Claims_higher_priority_first_then_oldest()
    {
        await using var store = await StoreAsync();
        var queue = Queue();
        var ids = await store.EnqueueAsync([
            new NewJob(queue, "{}", new JobOptions { Priority = 0 }),
            new NewJob(queue, "{}", new JobOptions { Priority = 5 }),
            new NewJob(queue, "{}", new JobOptions { Priority = 0 }),
        ]);
        var claimed = await store.ClaimAsync(queue, "w", 3, TimeSpan.FromMinutes(1));
        await Assert.That(claimed.Select(j => j.Id).ToArray()).IsEquivalentTo(new[] { ids[1], ids[0], ids[2] }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Holds_a_delayed_job_until_its_time()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var store = await StoreAsync(clock);
        var queue = Queue();
        var id = (await store.EnqueueAsync([new NewJob(queue, "{}", new JobOptions { Delay = TimeSpan.FromMinutes(10) })]))[0];
        await Assert.That((await store.GetAsync(id))!.State).IsEqualTo(JobState.Delayed);
        await Assert.That(await store.ClaimAsync(queue, "w", 1, TimeSpan.FromMinutes(1))).IsEmpty();
        clock.Advance(TimeSpan.FromMinutes(10));
        await Assert.That((await store.ClaimAsync(queue, "w", 1, TimeSpan.FromMinutes(1))).Single().Id).IsEqualTo(id);
    }

    [Test]
    public async Task Retries_a_poison_job_with_backoff_then_dead_letters_it()
    {
        await using var store = await StoreAsync();
        var queue = Queue();
        var id = (await store.EnqueueAsync([new NewJob(queue, "{}", new JobOptions { MaxAttempts = 3, Backoff = TimeSpan.FromMilliseconds(10) })]))[0];
        var failures = new List<JobEvent>();
        var dead = new TaskCompletionSource();
        await using var worker = new JobWorker(store, queue, (_, _) => throw new InvalidOperationException("poison"), Fast);
        worker.Failed += e => { lock (failures) failures.Add(e); if (!e.WillRetry) dead.TrySetResult(); };
        worker.Start();
        await dead.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var job = await store.GetAsync(id);
        await Assert.That(job!.State).IsEqualTo(JobState.Dead);
        await Assert.That(job.Attempts).IsEqualTo(3);
        await Assert.That(job.LastError).IsEqualTo("InvalidOperationException: poison");
        await Assert.That(failures.Select(f => f.WillRetry).ToArray()).IsEquivalentTo(new[] { true, true, false }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That((await store.ListAsync(JobState.Dead, queue, 10)).Single().Id).IsEqualTo(id);
    }

    [Test]
    public async Task Backoff_doubles_per_attempt_within_the_jitter()
    {
        var first = Backoff.Delay(TimeSpan.FromSeconds(1), 1, 0.5);
        var third = Backoff.Delay(TimeSpan.FromSeconds(1), 3, 0.5);
        await Assert.That(first).IsEqualTo(TimeSpan.FromSeconds(1));
        await Assert.That(third).IsEqualTo(TimeSpan.FromSeconds(4));
        await Assert.That(Backoff.Delay(TimeSpan.FromSeconds(1), 1, 0)).IsEqualTo(TimeSpan.FromMilliseconds(800));
    }

    [Test]
    public async Task A_unique_key_returns_the_first_jobs_id_and_adds_nothing()
    {
        await using var store = await StoreAsync();
        var queue = Queue();
        var q = new JobQueue(store);
        var a = await q.EnqueueJsonAsync(queue, "{\"n\":1}", new JobOptions { UniqueKey = "order-42" });
        var b = await q.EnqueueJsonAsync(queue, "{\"n\":2}", new JobOptions { UniqueKey = "order-42" });
        await Assert.That(b).IsEqualTo(a);
        await Assert.That((await store.ListAsync(null, queue, 10)).Count).IsEqualTo(1);
    }

    [Test]
    public async Task Fails_an_attempt_that_runs_past_its_timeout()
    {
        await using var store = await StoreAsync();
        var queue = Queue();
        var id = (await store.EnqueueAsync([new NewJob(queue, "{}", new JobOptions { MaxAttempts = 1, Timeout = TimeSpan.FromMilliseconds(100) })]))[0];
        var failed = new TaskCompletionSource<JobEvent>();
        await using var worker = new JobWorker(store, queue, (_, ct) => Task.Delay(Timeout.Infinite, ct), Fast);
        worker.Failed += e => failed.TrySetResult(e);
        worker.Start();
        var e = await failed.Task.WaitAsync(Patience);
        await Assert.That(e.Error).IsEqualTo("timed out after 100 ms");
        await Assert.That((await store.GetAsync(id))!.State).IsEqualTo(JobState.Dead);
    }

    [Test]
    public async Task Records_many_successes_in_one_call_but_not_one_whose_lease_was_lost()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var store = await StoreAsync(clock);
        var queue = Queue();
        var ids = await store.EnqueueAsync([.. Enumerable.Range(0, 3).Select(_ => new NewJob(queue, "{}", new JobOptions()))]);
        var mine = await store.ClaimAsync(queue, "w1", 3, TimeSpan.FromSeconds(30));
        var recorded = await store.CompleteAsync("w1", [.. mine.Select(j => (j.Id, j.Attempts))]);
        await Assert.That(recorded.Order().ToArray()).IsEquivalentTo(ids, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        foreach (var id in ids) await Assert.That((await store.GetAsync(id))!.State).IsEqualTo(JobState.Completed);

        var late = (await store.EnqueueAsync([new NewJob(queue, "{}", new JobOptions())]))[0];
        var first = (await store.ClaimAsync(queue, "w1", 1, TimeSpan.FromSeconds(30))).Single();
        clock.Advance(TimeSpan.FromSeconds(31));
        var second = (await store.ClaimAsync(queue, "w2", 1, TimeSpan.FromSeconds(30))).Single();
        await Assert.That(await store.CompleteAsync("w1", [(late, first.Attempts)])).IsEmpty();
        await Assert.That(await store.CompleteAsync("w2", [(late, second.Attempts)])).IsEquivalentTo(new[] { late });
    }

    [Test]
    public async Task Cancelling_a_running_job_stops_its_handler()
    {
        await using var store = await StoreAsync();
        var queue = Queue();
        var id = (await store.EnqueueAsync([new NewJob(queue, "{}", new JobOptions())]))[0];
        var started = new TaskCompletionSource();
        var cancelled = new TaskCompletionSource();
        await using var worker = new JobWorker(store, queue, async (_, ct) =>
        {
            started.TrySetResult();
            try { await Task.Delay(Timeout.Infinite, ct); } catch (OperationCanceledException) { cancelled.TrySetResult(); throw; }
        }, Fast with { HeartbeatInterval = TimeSpan.FromMilliseconds(50) });
        worker.Start();
        await started.Task.WaitAsync(Patience);
        await Assert.That(await store.CancelAsync(id)).IsTrue();
        await cancelled.Task.WaitAsync(Patience);
        await WaitFor(async () => (await store.GetAsync(id))!.State == JobState.Cancelled);
    }

    [Test]
    public async Task Cancelling_a_waiting_job_means_it_never_runs()
    {
        await using var store = await StoreAsync();
        var queue = Queue();
        var id = (await store.EnqueueAsync([new NewJob(queue, "{}", new JobOptions())]))[0];
        await Assert.That(await store.CancelAsync(id)).IsTrue();
        await Assert.That(await store.ClaimAsync(queue, "w", 1, TimeSpan.FromMinutes(1))).IsEmpty();
        await Assert.That(await store.RetryAsync(id)).IsTrue();
        await Assert.That((await store.ClaimAsync(queue, "w", 1, TimeSpan.FromMinutes(1))).Single().Id).IsEqualTo(id);
    }

    [Test]
    public async Task A_job_whose_worker_stopped_heartbeating_runs_again_and_the_old_worker_cannot_complete_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var store = await StoreAsync(clock);
        var queue = Queue();
        var id = (await store.EnqueueAsync([new NewJob(queue, "{}", new JobOptions())]))[0];
        var first = (await store.ClaimAsync(queue, "dead-worker", 1, TimeSpan.FromSeconds(30))).Single();
        clock.Advance(TimeSpan.FromSeconds(31));
        var second = (await store.ClaimAsync(queue, "live-worker", 1, TimeSpan.FromSeconds(30))).Single();
        await Assert.That(second.Id).IsEqualTo(id);
        await Assert.That(second.Attempts).IsEqualTo(2);
        await Assert.That(await store.FinishAsync(id, "dead-worker", first.Attempts, JobOutcome.Completed, null, null)).IsFalse();
        await Assert.That(await store.HeartbeatAsync(id, "dead-worker", first.Attempts, TimeSpan.FromSeconds(30), null)).IsEqualTo(LeaseStatus.Lost);
        await Assert.That(await store.FinishAsync(id, "live-worker", second.Attempts, JobOutcome.Completed, null, null)).IsTrue();
        await Assert.That(await store.FinishAsync(id, "live-worker", second.Attempts, JobOutcome.Completed, null, null)).IsFalse();
    }

    [Test]
    public async Task A_lease_that_expires_on_the_last_attempt_dead_letters_the_job()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var store = await StoreAsync(clock);
        var queue = Queue();
        var id = (await store.EnqueueAsync([new NewJob(queue, "{}", new JobOptions { MaxAttempts = 1 })]))[0];
        await store.ClaimAsync(queue, "w1", 1, TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(31));
        await Assert.That(await store.ClaimAsync(queue, "w2", 1, TimeSpan.FromSeconds(30))).IsEmpty();
        var job = await store.GetAsync(id);
        await Assert.That(job!.State).IsEqualTo(JobState.Dead);
        await Assert.That(job.LastError).IsEqualTo("lease expired: worker w1 stopped heartbeating");
    }

    [Test]
    public async Task Graceful_shutdown_releases_jobs_that_do_not_finish_in_the_grace_period()
    {
        await using var store = await StoreAsync();
        var queue = Queue();
        var id = (await store.EnqueueAsync([new NewJob(queue, "{}", new JobOptions())]))[0];
        var started = new TaskCompletionSource();
        var worker = new JobWorker(store, queue, async (_, ct) => { started.TrySetResult(); await Task.Delay(Timeout.Infinite, ct); }, Fast);
        worker.Start();
        await started.Task.WaitAsync(Patience);
        await worker.StopAsync(TimeSpan.FromMilliseconds(100));
        var job = await store.GetAsync(id);
        await Assert.That(job!.State).IsEqualTo(JobState.Waiting);
        await Assert.That(job.Attempts).IsEqualTo(0);
    }

    [Test]
    public async Task Records_and_reports_progress()
    {
        await using var store = await StoreAsync();
        var queue = Queue();
        var id = (await store.EnqueueAsync([new NewJob(queue, "{}", new JobOptions())]))[0];
        var progress = new TaskCompletionSource<int>();
        var atHalf = new TaskCompletionSource<int>();
        var release = new TaskCompletionSource();
        await using var worker = new JobWorker(store, queue, async (job, ct) =>
        {
            await job.ReportProgressAsync(50, ct);
            atHalf.TrySetResult((await store.GetAsync(job.Id, ct))!.Progress);
            await release.Task;
        }, Fast);
        worker.Progress += e => progress.TrySetResult(e.Progress);
        worker.Start();
        await Assert.That(await progress.Task.WaitAsync(Patience)).IsEqualTo(50);
        await Assert.That(await atHalf.Task.WaitAsync(Patience)).IsEqualTo(50);
        release.SetResult();
        await WaitFor(async () => (await store.GetAsync(id))!.State == JobState.Completed);
    }

    [Test]
    public async Task Counts_jobs_per_queue_and_state()
    {
        await using var store = await StoreAsync();
        var queue = Queue();
        await store.EnqueueAsync([
            new NewJob(queue, "{}", new JobOptions()),
            new NewJob(queue, "{}", new JobOptions()),
            new NewJob(queue, "{}", new JobOptions { Delay = TimeSpan.FromHours(1) }),
        ]);
        await store.ClaimAsync(queue, "w", 1, TimeSpan.FromMinutes(1));
        var counts = (await store.CountsAsync()).Where(c => c.Queue == queue).ToDictionary(c => c.State, c => c.Count);
        await Assert.That(counts[JobState.Waiting]).IsEqualTo(1);
        await Assert.That(counts[JobState.Active]).IsEqualTo(1);
        await Assert.That(counts[JobState.Delayed]).IsEqualTo(1);
    }

    [Test]
    public Task Runs_1000_jobs_across_workers_each_completed_once() => Runs1000Async(prefetch: 0);

    [Test]
    public Task Runs_1000_jobs_across_prefetching_workers_each_completed_once() => Runs1000Async(prefetch: 100);

    private async Task Runs1000Async(int prefetch)
    {
        await using var store = await StoreAsync();
        var queue = Queue();
        var ids = await store.EnqueueAsync([.. Enumerable.Range(0, 1000).Select(i => new NewJob(queue, $"{{\"n\":{i}}}", new JobOptions()))]);
        // Ids ascend but need not be consecutive: PostgreSQL draws identities row by row, so other tests' inserts on the
        // shared database interleave with ours (indexing runs by id - ids[0] once sent a job past the array, to dead).
        var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var runs = new int[1000];
        var done = 0;
        var all = new TaskCompletionSource();
        var workers = Enumerable.Range(0, 3).Select(_ => new JobWorker(store, queue, (job, _) =>
        {
            Interlocked.Increment(ref runs[index[job.Id]]);
            return Task.CompletedTask;
        }, Fast with { Concurrency = 8, Prefetch = prefetch })).ToList();
        foreach (var w in workers)
        {
            w.Completed += _ => { if (Interlocked.Increment(ref done) == 1000) all.TrySetResult(); };
            // No job here may fail: say so at once rather than wait for a count that can no longer be reached.
            w.Failed += e => all.TrySetException(new InvalidOperationException($"job {e.Job.Id} failed: {e.Error}"));
            w.Start();
        }
        await all.Task.WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var w in workers) await w.DisposeAsync();
        await Assert.That(runs.All(r => r == 1)).IsTrue();
    }

    [Test]
    public Task Runs_at_most_twice_its_concurrency_ahead_of_the_successes_it_has_recorded() => RunsAheadAsync(prefetch: 0, ahead: 4);

    [Test]
    public Task A_prefetching_worker_also_runs_its_prefetch_ahead_of_the_successes_it_has_recorded() => RunsAheadAsync(prefetch: 3, ahead: 7);

    // With its success records stalled, a worker of concurrency 2 runs 2 + prefetch jobs whose successes wait with their
    // slots freed, then 2 more that hold their slots: a crash then would run that many again, not all twenty.
    private async Task RunsAheadAsync(int prefetch, int ahead)
    {
        var store = new StalledCompletions(await StoreAsync());
        await using var _ = store;
        var queue = Queue();
        await store.EnqueueAsync([.. Enumerable.Range(0, 20).Select(_ => new NewJob(queue, "{}", new JobOptions()))]);
        var runs = 0;
        var done = 0;
        var all = new TaskCompletionSource();
        var worker = new JobWorker(store, queue, (_, _) => { Interlocked.Increment(ref runs); return Task.CompletedTask; },
            Fast with { Concurrency = 2, Prefetch = prefetch });
        worker.Completed += _ => { if (Interlocked.Increment(ref done) == 20) all.TrySetResult(); };
        worker.Start();
        int ran;
        try
        {
            var deadline = DateTime.UtcNow + Patience;
            while (Volatile.Read(ref runs) < ahead && DateTime.UtcNow < deadline) await Task.Delay(10);
            await Task.Delay(300);
            ran = Volatile.Read(ref runs);
        }
        finally
        {
            store.Resume();
        }
        await all.Task.WaitAsync(Patience);
        await worker.DisposeAsync();
        await Assert.That(ran).IsEqualTo(ahead);
        await Assert.That(runs).IsEqualTo(20);
    }

    [Test]
    public async Task Prefetches_beyond_its_concurrency_and_hands_unstarted_jobs_back_on_stop()
    {
        await using var store = await StoreAsync();
        var queue = Queue();
        await store.EnqueueAsync([.. Enumerable.Range(0, 10).Select(_ => new NewJob(queue, "{}", new JobOptions()))]);
        var started = new TaskCompletionSource();
        var worker = new JobWorker(store, queue, async (_, ct) => { started.TrySetResult(); await Task.Delay(Timeout.Infinite, ct); },
            Fast with { Concurrency = 1, Prefetch = 5 });
        worker.Start();
        await started.Task.WaitAsync(Patience);
        var counts = (await store.CountsAsync()).Where(c => c.Queue == queue).ToDictionary(c => c.State, c => c.Count);
        await Assert.That(counts[JobState.Active]).IsEqualTo(6); // one running, five in the local queue
        await Assert.That(counts[JobState.Waiting]).IsEqualTo(4);
        await worker.StopAsync(TimeSpan.FromMilliseconds(100));
        var jobs = await store.ListAsync(null, queue, 20);
        await Assert.That(jobs.All(j => j.State == JobState.Waiting && j.Attempts == 0 && j.LockedBy is null)).IsTrue();
    }

    [Test]
    public async Task Tops_its_local_queue_up_once_half_of_it_has_started_and_hands_it_back_on_stop()
    {
        await using var store = await StoreAsync();
        var queue = Queue();
        await store.EnqueueAsync([.. Enumerable.Range(0, 20).Select(_ => new NewJob(queue, "{}", new JobOptions()))]);
        var go = new SemaphoreSlim(0);
        var worker = new JobWorker(store, queue, (_, ct) => go.WaitAsync(ct), Fast with { Concurrency = 1, Prefetch = 4 });
        worker.Start();
        async Task<(long Active, long Completed)> Counts()
        {
            var counts = (await store.CountsAsync()).Where(c => c.Queue == queue).ToDictionary(c => c.State, c => c.Count);
            return (counts.GetValueOrDefault(JobState.Active), counts.GetValueOrDefault(JobState.Completed));
        }
        await WaitFor(async () => await Counts() == (5, 0)); // one running, four in the local queue
        go.Release();
        await WaitFor(async () => await Counts() == (4, 1)); // three left of four: no claim yet
        go.Release();
        // Two left of four, half: the worker claims two more while they wait, not once the local queue is empty.
        await WaitFor(async () => await Counts() == (5, 2));
        // A stop hands the topped-up local queue back with the rest: every unfinished job waits again, unattempted.
        await worker.StopAsync(TimeSpan.FromMilliseconds(100));
        var left = (await store.ListAsync(null, queue, 50)).Where(j => j.State != JobState.Completed).ToList();
        await Assert.That(left.Count).IsEqualTo(18);
        await Assert.That(left.All(j => j.State == JobState.Waiting && j.Attempts == 0 && j.LockedBy is null)).IsTrue();
    }

    [Test]
    public async Task Renews_the_leases_a_worker_still_holds_and_reports_the_lost_ones()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var store = await StoreAsync(clock);
        var queue = Queue();
        await store.EnqueueAsync([.. Enumerable.Range(0, 3).Select(_ => new NewJob(queue, "{}", new JobOptions()))]);
        var mine = await store.ClaimAsync(queue, "w1", 3, TimeSpan.FromSeconds(30));
        var held = mine.Select(j => (j.Id, j.Attempts)).ToArray();
        clock.Advance(TimeSpan.FromSeconds(20));
        await Assert.That((await store.RenewAsync("w1", held, TimeSpan.FromSeconds(30))).Count).IsEqualTo(3);
        clock.Advance(TimeSpan.FromSeconds(20)); // 40 s after the claim, 20 s after the renewal: still w1's
        await Assert.That(await store.ClaimAsync(queue, "w2", 3, TimeSpan.FromSeconds(30))).IsEmpty();
        await Assert.That(await store.RenewAsync("w2", held, TimeSpan.FromSeconds(30))).IsEmpty();
        clock.Advance(TimeSpan.FromSeconds(31));
        await Assert.That((await store.ClaimAsync(queue, "w2", 1, TimeSpan.FromSeconds(30))).Count).IsEqualTo(1);
        await Assert.That(await store.RenewAsync("w1", held, TimeSpan.FromSeconds(30))).IsEmpty(); // expired: all went back, one to w2
    }

    [Test]
    public async Task Fires_cron_jobs_on_schedule_in_a_test_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 8, 0, 30, TimeSpan.Zero));
        await using var store = await StoreAsync(clock);
        var queue = Queue();
        var scheduler = new JobScheduler(store, clock);
        await scheduler.ScheduleAsync(queue + "-every-5", queue, "*/5 * * * *", "{\"report\":true}");
        await Assert.That(await scheduler.TickAsync()).IsEqualTo(0);
        clock.Advance(TimeSpan.FromMinutes(4.5)); // 08:05:00
        await Assert.That(await scheduler.TickAsync()).IsEqualTo(1);
        await Assert.That(await scheduler.TickAsync()).IsEqualTo(0);
        clock.Advance(TimeSpan.FromMinutes(5)); // 08:10:00
        await Assert.That(await scheduler.TickAsync()).IsEqualTo(1);
        var jobs = await store.ListAsync(null, queue, 10);
        await Assert.That(jobs.Select(j => j.RunAt.ToString("HH:mm")).Order().ToArray()).IsEquivalentTo(new[] { "08:05", "08:10" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in time");
            await Task.Delay(20);
        }
    }
}
