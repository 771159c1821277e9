using Microsoft.Extensions.Time.Testing;

namespace AotSuite.Pooling.Tests;

public class PoolTests
{
    [Test]
    public async Task Lends_the_same_resource_again_after_it_is_returned()
    {
        var factory = new FakeFactory();
        await using var pool = new Pool<FakeResource>(factory.Options(4));
        int first;
        using (var lease = await pool.AcquireAsync()) first = lease.Value.Id;
        using (var lease = await pool.AcquireAsync()) await Assert.That(lease.Value.Id).IsEqualTo(first);
        await Assert.That(factory.Created).IsEqualTo(1);
    }

    [Test]
    public async Task Serves_a_burst_of_1000_acquirers_on_10_resources_in_arrival_order()
    {
        var factory = new FakeFactory();
        await using var pool = new Pool<FakeResource>(factory.Options(10));
        var serials = new long[1000];
        var tasks = new Task[1000];
        for (var i = 0; i < tasks.Length; i++)
        {
            var n = i;
            var acquire = pool.AcquireAsync();
            tasks[i] = Use(acquire, n);
        }
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.That(factory.Created).IsLessThanOrEqualTo(10);
        // Acquirers queued in call order; the pool must serve them in that order (serials are handed out under its lock).
        await Assert.That(serials).IsEquivalentTo(serials.Order().ToArray(), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(serials.Distinct().Count()).IsEqualTo(1000);
        await Assert.That(pool.Metrics.Acquired).IsEqualTo(1000);

        async Task Use(ValueTask<PoolLease<FakeResource>> acquire, int n)
        {
            using var lease = await acquire;
            serials[n] = lease.Serial;
            await Task.Yield();
        }
    }

    [Test]
    public async Task Times_out_with_a_message_that_names_the_pool_and_its_state()
    {
        var factory = new FakeFactory();
        await using var pool = new Pool<FakeResource>(factory.Options(1) with { AcquireTimeout = TimeSpan.FromMilliseconds(100) });
        using var held = await pool.AcquireAsync();
        var error = await Assert.ThrowsAsync<PoolTimeoutException>(async () => await pool.AcquireAsync());
        await Assert.That(error!.Message).Contains("fake: timed out after 100 ms waiting for a resource (1/1 open, 1 borrowed");
        await Assert.That(pool.Metrics.TimedOut).IsEqualTo(1);
        await Assert.That(pool.Metrics.Waiting).IsEqualTo(0);
    }

    [Test]
    public async Task A_cancelled_acquirer_leaves_the_queue_and_the_next_one_gets_the_resource()
    {
        var factory = new FakeFactory();
        await using var pool = new Pool<FakeResource>(factory.Options(1));
        var held = await pool.AcquireAsync();
        using var cancel = new CancellationTokenSource();
        var cancelled = pool.AcquireAsync(cancel.Token).AsTask();
        var next = pool.AcquireAsync().AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAsync<TaskCanceledException>(async () => await cancelled);
        held.Dispose();
        using var lease = await next.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.That(lease.Value.Id).IsEqualTo(1);
    }

    [Test]
    public async Task Validation_on_borrow_destroys_a_broken_resource_and_lends_a_new_one()
    {
        var factory = new FakeFactory();
        await using var pool = new Pool<FakeResource>(factory.Options(2) with { ValidateOnBorrow = true });
        FakeResource broken;
        using (var lease = await pool.AcquireAsync()) broken = lease.Value;
        broken.Broken = true;
        using var again = await pool.AcquireAsync();
        await Assert.That(again.Value.Id).IsNotEqualTo(broken.Id);
        await WaitFor(() => broken.Destroyed);
    }

    [Test]
    public async Task Evicts_resources_idle_longer_than_the_timeout_down_to_the_minimum()
    {
        var clock = new FakeTimeProvider();
        var factory = new FakeFactory();
        await using var pool = new Pool<FakeResource>(factory.Options(5) with { MinSize = 1, IdleTimeout = TimeSpan.FromSeconds(30), TimeProvider = clock });
        var leases = new List<PoolLease<FakeResource>>();
        for (var i = 0; i < 3; i++) leases.Add(await pool.AcquireAsync());
        foreach (var lease in leases) lease.Dispose();
        await Assert.That(pool.Metrics.Idle).IsEqualTo(3);
        clock.Advance(TimeSpan.FromSeconds(31));
        await pool.MaintainOnceAsync();
        await Assert.That(pool.Metrics.Size).IsEqualTo(1);
        await WaitFor(() => factory.DestroyedCount == 2);
    }

    [Test]
    public async Task Retires_a_resource_past_its_max_lifetime_when_it_comes_back()
    {
        var clock = new FakeTimeProvider();
        var factory = new FakeFactory();
        await using var pool = new Pool<FakeResource>(factory.Options(2) with { MaxLifetime = TimeSpan.FromMinutes(30), TimeProvider = clock });
        var lease = await pool.AcquireAsync();
        clock.Advance(TimeSpan.FromMinutes(31));
        lease.Dispose();
        await Assert.That(pool.Metrics.Size).IsEqualTo(0);
        using var fresh = await pool.AcquireAsync();
        await Assert.That(fresh.Value.Id).IsEqualTo(2);
    }

    [Test]
    public async Task Reports_a_leak_with_the_place_it_was_acquired()
    {
        var clock = new FakeTimeProvider();
        var factory = new FakeFactory();
        var reports = new List<PoolLeak>();
        await using var pool = new Pool<FakeResource>(factory.Options(2) with
        {
            LeakThreshold = TimeSpan.FromSeconds(10), TimeProvider = clock, OnLeak = reports.Add,
        });
        using var lease = await pool.AcquireAsync();
        clock.Advance(TimeSpan.FromSeconds(11));
        await pool.MaintainOnceAsync();
        await pool.MaintainOnceAsync(); // reported once, not on every pass
        await Assert.That(reports.Count).IsEqualTo(1);
        await Assert.That(reports[0].Member).IsEqualTo(nameof(Reports_a_leak_with_the_place_it_was_acquired));
        await Assert.That(reports[0].File).EndsWith("PoolTests.cs");
        await Assert.That(reports[0].ToString()).Contains("has been borrowed for 11000 ms without being returned; acquired in Reports_a_leak");
        await Assert.That(pool.Metrics.Leaks).IsEqualTo(1);
    }

    [Test]
    public async Task Drain_waits_for_borrowed_resources_then_destroys_everything()
    {
        var factory = new FakeFactory();
        var pool = new Pool<FakeResource>(factory.Options(3));
        var a = await pool.AcquireAsync();
        using (await pool.AcquireAsync()) { }
        var drain = pool.DrainAsync();
        await Assert.ThrowsAsync<PoolClosedException>(async () => await pool.AcquireAsync());
        await Task.Delay(50);
        await Assert.That(drain.IsCompleted).IsFalse();
        a.Dispose();
        await drain.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitFor(() => factory.DestroyedCount == 2);
        await Assert.That(pool.Metrics.Size).IsEqualTo(0);
    }

    [Test]
    public async Task A_factory_failure_fails_the_waiting_acquirer_with_that_error()
    {
        var factory = new FakeFactory { FailWith = new IOException("connection refused") };
        await using var pool = new Pool<FakeResource>(factory.Options(2));
        var error = await Assert.ThrowsAsync<IOException>(async () => await pool.AcquireAsync());
        await Assert.That(error!.Message).IsEqualTo("connection refused");
        factory.FailWith = null;
        using var lease = await pool.AcquireAsync();
        await Assert.That(pool.Metrics.FailedCreates).IsEqualTo(1);
    }

    [Test]
    public async Task Returning_a_lease_twice_throws()
    {
        var factory = new FakeFactory();
        await using var pool = new Pool<FakeResource>(factory.Options(1));
        var lease = await pool.AcquireAsync();
        lease.Dispose();
        await Assert.That(lease.Dispose).Throws<InvalidOperationException>();
    }

    [Test]
    public async Task Keeps_the_minimum_size_open()
    {
        var factory = new FakeFactory();
        await using var pool = new Pool<FakeResource>(factory.Options(5) with { MinSize = 3 });
        await WaitFor(() => pool.Metrics.Idle == 3);
        await Assert.That(factory.Created).IsEqualTo(3);
    }

    [Test]
    public async Task Reports_size_idle_waiting_and_acquire_latency()
    {
        var factory = new FakeFactory();
        await using var pool = new Pool<FakeResource>(factory.Options(1));
        var held = await pool.AcquireAsync();
        var waiting = pool.AcquireAsync().AsTask();
        await WaitFor(() => pool.Metrics.Waiting == 1);
        await Task.Delay(20);
        held.Dispose();
        (await waiting).Dispose();
        var m = pool.Metrics;
        await Assert.That(m.Size).IsEqualTo(1);
        await Assert.That(m.Idle).IsEqualTo(1);
        await Assert.That(m.Acquired).IsEqualTo(2);
        await Assert.That(m.AcquireMax).IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(15));
    }

    [Test]
    public async Task Acquire_and_release_allocate_nothing_once_warm()
    {
        var factory = new FakeFactory();
        await using var pool = new Pool<FakeResource>(factory.Options(2) with { ValidateOnBorrow = true });
        using (await pool.AcquireAsync()) { } // the first acquire creates the resource (async); the rest find it idle
        for (var i = 0; i < 100; i++) AcquireRelease(pool);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++) AcquireRelease(pool);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await Assert.That(allocated).IsEqualTo(0);

        static void AcquireRelease(Pool<FakeResource> pool)
        {
            var acquire = pool.AcquireAsync();
            if (!acquire.IsCompletedSuccessfully) throw new InvalidOperationException("expected the warm path");
            acquire.Result.Dispose();
        }
    }

    internal static async Task WaitFor(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in time");
            await Task.Delay(5);
        }
    }
}
