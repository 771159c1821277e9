namespace AotSuite.Jobs;

/// <summary>Where a job is in its life. <c>Delayed</c> is a waiting job whose run-at time is still ahead.</summary>
public enum JobState
{
    Waiting,
    Delayed,
    Active,
    Completed,
    /// <summary>Failed its last attempt (or its lease expired on the last one): the dead-letter state.</summary>
    Dead,
    Cancelled,
}

public static class JobStateNames
{
    public static string Name(JobState state) => state switch
    {
        JobState.Waiting => "waiting",
        JobState.Delayed => "delayed",
        JobState.Active => "active",
        JobState.Completed => "completed",
        JobState.Dead => "dead",
        JobState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown job state"),
    };

    public static JobState Parse(string name) => name switch
    {
        "waiting" => JobState.Waiting,
        "delayed" => JobState.Delayed,
        "active" => JobState.Active,
        "completed" => JobState.Completed,
        "dead" => JobState.Dead,
        "cancelled" => JobState.Cancelled,
        _ => throw new FormatException($"unknown job state '{name}' (waiting, delayed, active, completed, dead, cancelled)"),
    };
}
