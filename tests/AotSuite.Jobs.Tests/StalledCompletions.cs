namespace AotSuite.Jobs.Tests;

/// <summary>A store whose batched success records wait until <see cref="Resume"/>: what a slow database looks like to a worker.</summary>
internal sealed class StalledCompletions(IJobStore inner) : IJobStore
{
    private readonly TaskCompletionSource resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Resume() => resumed.TrySetResult();

    public async Task<IReadOnlyList<long>> CompleteAsync(string worker, IReadOnlyList<(long Id, int Attempt)> jobs, CancellationToken cancellationToken = default)
    {
        await resumed.Task.WaitAsync(cancellationToken);
        return await inner.CompleteAsync(worker, jobs, cancellationToken);
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);
    public Task<long[]> EnqueueAsync(IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken = default) => inner.EnqueueAsync(jobs, cancellationToken);
    public Task<IReadOnlyList<JobRecord>> ClaimAsync(string queue, string worker, int max, TimeSpan lease, CancellationToken cancellationToken = default) => inner.ClaimAsync(queue, worker, max, lease, cancellationToken);
    public Task<LeaseStatus> HeartbeatAsync(long id, string worker, int attempt, TimeSpan lease, int? progress, CancellationToken cancellationToken = default) => inner.HeartbeatAsync(id, worker, attempt, lease, progress, cancellationToken);
    public Task<bool> FinishAsync(long id, string worker, int attempt, JobOutcome outcome, string? error, DateTimeOffset? runAt, CancellationToken cancellationToken = default) => inner.FinishAsync(id, worker, attempt, outcome, error, runAt, cancellationToken);
    public Task<IReadOnlyList<long>> RenewAsync(string worker, IReadOnlyList<(long Id, int Attempt)> jobs, TimeSpan lease, CancellationToken cancellationToken = default) => inner.RenewAsync(worker, jobs, lease, cancellationToken);
    public Task<bool> CancelAsync(long id, CancellationToken cancellationToken = default) => inner.CancelAsync(id, cancellationToken);
    public Task<bool> RetryAsync(long id, CancellationToken cancellationToken = default) => inner.RetryAsync(id, cancellationToken);
    public Task<JobRecord?> GetAsync(long id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);
    public Task<IReadOnlyList<JobRecord>> ListAsync(JobState? state, string? queue, int limit, CancellationToken cancellationToken = default) => inner.ListAsync(state, queue, limit, cancellationToken);
    public Task<IReadOnlyList<QueueCount>> CountsAsync(CancellationToken cancellationToken = default) => inner.CountsAsync(cancellationToken);
    public Task WaitForWorkAsync(string queue, TimeSpan max, CancellationToken cancellationToken) => inner.WaitForWorkAsync(queue, max, cancellationToken);
    public Task UpsertScheduleAsync(string name, string queue, string cron, string payload, DateTimeOffset nextRunAt, CancellationToken cancellationToken = default) => inner.UpsertScheduleAsync(name, queue, cron, payload, nextRunAt, cancellationToken);
    public Task<IReadOnlyList<JobSchedule>> DueSchedulesAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.DueSchedulesAsync(now, cancellationToken);
    public Task<bool> AdvanceScheduleAsync(string name, DateTimeOffset expected, DateTimeOffset next, CancellationToken cancellationToken = default) => inner.AdvanceScheduleAsync(name, expected, next, cancellationToken);
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
