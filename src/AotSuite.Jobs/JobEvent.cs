namespace AotSuite.Jobs;

/// <summary>A completed, failed or progress event from a worker.</summary>
public sealed record JobEvent(JobRecord Job, int Attempt, string? Error = null, bool WillRetry = false, int Progress = 0);
