namespace AotSuite.Jobs.Monitoring;

/// <summary>
/// Completed and dead-lettered jobs per minute for each queue, worked out from successive <see cref="IJobStore.CountsAsync"/>
/// snapshots over a sliding window: no event table and no extra write per job, so watching a queue costs the queue
/// nothing. A rate is unknown (null) until two snapshots some time apart exist.
/// </summary>
public sealed class QueueRates(TimeSpan? window = null, TimeProvider? time = null)
{
    private readonly TimeSpan window = window ?? TimeSpan.FromMinutes(1);
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly Lock gate = new();
    private readonly Queue<Snapshot> snapshots = new();

    /// <summary>Records <paramref name="counts"/> as taken now and returns each queue's rates since the oldest snapshot in the window.</summary>
    public IReadOnlyDictionary<string, QueueRate> Add(IReadOnlyList<QueueCount> counts)
    {
        var now = time.GetUtcNow();
        var totals = new Dictionary<string, (long Completed, long Dead)>(StringComparer.Ordinal);
        foreach (var count in counts)
        {
            var (completed, dead) = totals.GetValueOrDefault(count.Queue);
            if (count.State == JobState.Completed) completed += count.Count;
            else if (count.State == JobState.Dead) dead += count.Count;
            totals[count.Queue] = (completed, dead);
        }
        Snapshot oldest;
        lock (gate)
        {
            // Keep one snapshot at or beyond the window's edge, so a rate always spans the whole window once it can.
            while (snapshots.Count > 1 && now - snapshots.ElementAt(1).At >= this.window) snapshots.Dequeue();
            oldest = snapshots.Count > 0 ? snapshots.Peek() : new Snapshot(now, totals);
            snapshots.Enqueue(new Snapshot(now, totals));
        }
        var minutes = (now - oldest.At).TotalMinutes;
        var rates = new Dictionary<string, QueueRate>(StringComparer.Ordinal);
        foreach (var (queue, (completed, dead)) in totals)
        {
            if (minutes <= 0)
            {
                rates[queue] = new QueueRate(null, null);
                continue;
            }
            var (completedBefore, deadBefore) = oldest.Totals.GetValueOrDefault(queue);
            // A retried dead job leaves the dead count: a rate is never negative.
            rates[queue] = new QueueRate(Math.Max(0, completed - completedBefore) / minutes, Math.Max(0, dead - deadBefore) / minutes);
        }
        return rates;
    }

    private sealed record Snapshot(DateTimeOffset At, Dictionary<string, (long Completed, long Dead)> Totals);
}

/// <summary>Jobs per minute that completed, and that failed their last attempt (dead-lettered); null while unknown.</summary>
public readonly record struct QueueRate(double? CompletedPerMinute, double? FailedPerMinute);
