namespace AotSuite.Jobs;

/// <summary>A job as the store holds it.</summary>
public sealed record JobRecord
{
    public required long Id { get; init; }
    public required string Queue { get; init; }
    public required string Payload { get; init; }
    public required JobState State { get; init; }
    public int Priority { get; init; }
    public int Attempts { get; init; }
    public int MaxAttempts { get; init; }
    public long BackoffMs { get; init; }
    public long? TimeoutMs { get; init; }
    public string? UniqueKey { get; init; }
    public DateTimeOffset RunAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int Progress { get; init; }
    public string? LastError { get; init; }
    public string? LockedBy { get; init; }
}

/// <summary>How many jobs of one queue are in one state.</summary>
public sealed record QueueCount(string Queue, JobState State, long Count);

/// <summary>What a heartbeat learnt about a running job.</summary>
public enum LeaseStatus
{
    Held,
    /// <summary>Someone asked to cancel the job; the handler's token fires.</summary>
    CancelRequested,
    /// <summary>The lease expired and the job went back to the queue (or elsewhere): stop, record nothing.</summary>
    Lost,
}
