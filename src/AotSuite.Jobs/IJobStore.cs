namespace AotSuite.Jobs;

/// <summary>
/// Where jobs live. Every change to a running job names the worker and the attempt that claimed it, so a worker that
/// lost its lease can never complete, fail or release a job someone else now runs: at-least-once, never lost, and a
/// success is recorded once. Both stores pass the one behavioural suite in tests/AotSuite.Jobs.Tests.
/// </summary>
public interface IJobStore : IAsyncDisposable
{
    /// <summary>Creates the tables if they are missing.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds jobs (one statement per few hundred); returns their ids in order (an existing id for a duplicate unique key).</summary>
    Task<long[]> EnqueueAsync(IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken = default);

    /// <summary>Takes up to <paramref name="max"/> due jobs of the queue, highest priority first, leased to <paramref name="worker"/>.</summary>
    Task<IReadOnlyList<JobRecord>> ClaimAsync(string queue, string worker, int max, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease (and records progress when given).</summary>
    Task<LeaseStatus> HeartbeatAsync(long id, string worker, int attempt, TimeSpan lease, int? progress, CancellationToken cancellationToken = default);

    /// <summary>Ends an attempt: completed, dead, cancelled, or waiting again (a retry at <paramref name="runAt"/>, or a release).</summary>
    Task<bool> FinishAsync(long id, string worker, int attempt, JobOutcome outcome, string? error, DateTimeOffset? runAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records many successful attempts of <paramref name="worker"/>, one statement per few hundred (what workers do with
    /// their successes); returns the ids it recorded: a job whose lease was lost in the meantime is left to its new owner.
    /// </summary>
    Task<IReadOnlyList<long>> CompleteAsync(string worker, IReadOnlyList<(long Id, int Attempt)> jobs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends the leases of many jobs <paramref name="worker"/> holds but has not started yet (its local queue); returns
    /// the ids still held: the others were lost (expired and taken by another worker) and must not run here.
    /// </summary>
    Task<IReadOnlyList<long>> RenewAsync(string worker, IReadOnlyList<(long Id, int Attempt)> jobs, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Cancels a waiting job now, or asks the worker of an active one to stop.</summary>
    Task<bool> CancelAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Puts a dead or cancelled job back in the queue with its attempts reset.</summary>
    Task<bool> RetryAsync(long id, CancellationToken cancellationToken = default);

    Task<JobRecord?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Jobs, newest first, filtered by state and queue.</summary>
    Task<IReadOnlyList<JobRecord>> ListAsync(JobState? state, string? queue, int limit, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<QueueCount>> CountsAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns when work may have arrived on the queue, or after <paramref name="max"/>.</summary>
    Task WaitForWorkAsync(string queue, TimeSpan max, CancellationToken cancellationToken);

    /// <summary>Adds or replaces a repeatable job.</summary>
    Task UpsertScheduleAsync(string name, string queue, string cron, string payload, DateTimeOffset nextRunAt, CancellationToken cancellationToken = default);

    /// <summary>The repeatable jobs whose next run is at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<JobSchedule>> DueSchedulesAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Moves a schedule's next run from <paramref name="expected"/> to <paramref name="next"/>; false if another scheduler did first.</summary>
    Task<bool> AdvanceScheduleAsync(string name, DateTimeOffset expected, DateTimeOffset next, CancellationToken cancellationToken = default);
}

/// <summary>How an attempt ended.</summary>
public enum JobOutcome
{
    Completed,
    /// <summary>Failed with attempts left: waiting again at the backoff time.</summary>
    Retry,
    Dead,
    Cancelled,
    /// <summary>Given back unfinished (a graceful shutdown): waiting again, the attempt not counted.</summary>
    Released,
}

/// <summary>A repeatable job: enqueue <see cref="Payload"/> on <see cref="Queue"/> whenever <see cref="Cron"/> fires.</summary>
public sealed record JobSchedule(string Name, string Queue, string Cron, string Payload, DateTimeOffset NextRunAt);
