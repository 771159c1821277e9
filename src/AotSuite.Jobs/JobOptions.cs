namespace AotSuite.Jobs;

/// <summary>Per-job settings given at enqueue time; every one has a sensible default.</summary>
public sealed record JobOptions
{
    /// <summary>Run no earlier than this long from now.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Run no earlier than this time (wins over <see cref="Delay"/>).</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>Higher runs first among jobs that are due (pg-boss's order); ties go oldest first.</summary>
    public int Priority { get; init; }

    /// <summary>Attempts before the job is dead-lettered (the first run counts).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Base of the exponential backoff between attempts: base × 2^(attempt-1), ±20 % jitter.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>An attempt running longer than this is cancelled and counts as failed.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Idempotency key: enqueueing a second job with the same key on the same queue returns the first job's id and
    /// adds nothing, whatever state the first one is in (BullMQ's custom job id).
    /// </summary>
    public string? UniqueKey { get; init; }
}
