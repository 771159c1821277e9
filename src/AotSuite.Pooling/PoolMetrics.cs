namespace AotSuite.Pooling;

/// <summary>A point-in-time view of a pool: sizes now, counters since it started, and acquire latency.</summary>
public readonly record struct PoolMetrics(
    int Size,
    int Idle,
    int Borrowed,
    int Waiting,
    int Pending,
    long Acquired,
    long Created,
    long Destroyed,
    long TimedOut,
    long Leaks,
    long FailedCreates,
    TimeSpan AcquireP50,
    TimeSpan AcquireP99,
    TimeSpan AcquireMax);
