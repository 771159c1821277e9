namespace AotSuite.Jobs.Scheduling;

/// <summary>
/// Repeatable jobs: each due schedule enqueues one job with the unique key <c>cron:name:slot</c>, then moves its next
/// run on (compare-and-set), so several schedulers on one store fire each slot once. Missed slots are not replayed:
/// after downtime the schedule fires once and carries on from now.
/// </summary>
public sealed class JobScheduler(IJobStore store, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <summary>Adds or replaces a schedule; its first run is the next cron slot from now.</summary>
    public Task ScheduleAsync(string name, string queue, string cron, string payload, CancellationToken cancellationToken = default) =>
        store.UpsertScheduleAsync(name, queue, CronExpression.Parse(cron).Text, payload, CronExpression.Parse(cron).Next(clock.GetUtcNow()), cancellationToken);

    /// <summary>Fires what is due now; returns how many jobs it enqueued.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var fired = 0;
        foreach (var schedule in await store.DueSchedulesAsync(now, cancellationToken).ConfigureAwait(false))
        {
            var next = CronExpression.Parse(schedule.Cron).Next(now);
            if (!await store.AdvanceScheduleAsync(schedule.Name, schedule.NextRunAt, next, cancellationToken).ConfigureAwait(false)) continue;
            var key = $"cron:{schedule.Name}:{schedule.NextRunAt.ToUnixTimeMilliseconds()}";
            await store.EnqueueAsync([new NewJob(schedule.Queue, schedule.Payload, new JobOptions { UniqueKey = key, RunAt = schedule.NextRunAt })], cancellationToken)
                .ConfigureAwait(false);
            fired++;
        }
        return fired;
    }

    /// <summary>Ticks every <paramref name="interval"/> until cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await TickAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(interval, clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
