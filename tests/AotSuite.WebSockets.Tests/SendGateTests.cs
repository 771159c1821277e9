namespace AotSuite.WebSockets.Tests;

/// <summary>SendGate: the WebSocket's send lock (one holder, waiters served in order, cancellation).</summary>
public class SendGateTests
{
    // The gate is a mutable struct that lives as a field, as in the WebSocket.
    private sealed class Owner
    {
        public SendGate Gate;
    }

    [Test]
    public async Task Hands_the_gate_to_its_waiters_in_the_order_they_came()
    {
        var owner = new Owner();
        await Assert.That(owner.Gate.TryEnter()).IsTrue();
        var first = owner.Gate.EnterAsync(default);
        var second = owner.Gate.EnterAsync(default);
        await Assert.That(owner.Gate.TryEnter()).IsFalse();
        await Assert.That(first.IsCompleted || second.IsCompleted).IsFalse();
        owner.Gate.Exit();
        await first;
        await Assert.That(second.IsCompleted).IsFalse();
        owner.Gate.Exit();
        await second;
        owner.Gate.Exit();
        await Assert.That(owner.Gate.TryEnter()).IsTrue();
    }

    [Test]
    public async Task Skips_a_waiter_whose_wait_was_cancelled()
    {
        var owner = new Owner();
        owner.Gate.TryEnter();
        using var cancel = new CancellationTokenSource();
        var cancelled = owner.Gate.EnterAsync(cancel.Token);
        var next = owner.Gate.EnterAsync(default);
        await cancel.CancelAsync();
        await Assert.That(async () => await cancelled).Throws<OperationCanceledException>();
        owner.Gate.Exit();
        await next;
        await Assert.That(owner.Gate.TryEnter()).IsFalse();
    }

    [Test]
    public async Task Lets_one_sender_in_at_a_time_under_contention()
    {
        var owner = new Owner();
        var inside = 0;
        var overlaps = 0;
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 5000; i++)
            {
                if (!owner.Gate.TryEnter()) await owner.Gate.EnterAsync(default);
                if (Interlocked.Increment(ref inside) != 1) Interlocked.Increment(ref overlaps);
                if (i % 64 == 0) await Task.Yield();
                done++;
                Interlocked.Decrement(ref inside);
                owner.Gate.Exit();
            }
        })));
        await Assert.That(overlaps).IsEqualTo(0);
        await Assert.That(done).IsEqualTo(8 * 5000);
        await Assert.That(owner.Gate.TryEnter()).IsTrue();
    }
}
