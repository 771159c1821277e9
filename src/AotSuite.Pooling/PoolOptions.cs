namespace AotSuite.Pooling;

/// <summary>
/// How a <see cref="Pool{T}"/> makes, checks and retires its resources. Only <see cref="Create"/> is required; every
/// duration left at <see cref="TimeSpan.Zero"/> turns its feature off.
/// </summary>
public sealed record PoolOptions<T> where T : class
{
    /// <summary>Makes a new resource (opens a connection). An exception fails the acquirer that was waiting for it.</summary>
    public required Func<CancellationToken, ValueTask<T>> Create { get; init; }

    /// <summary>Says whether a resource still works (a <c>SELECT 1</c>); a false answer or an exception destroys it.</summary>
    public Func<T, CancellationToken, ValueTask<bool>>? Validate { get; init; }

    /// <summary>Frees a resource the pool is done with; exceptions are swallowed and counted.</summary>
    public Func<T, ValueTask>? Destroy { get; init; }

    /// <summary>A name for error messages and metrics.</summary>
    public string Name { get; init; } = "pool";

    /// <summary>Resources kept even when idle; the maintenance loop tops the pool up to this.</summary>
    public int MinSize { get; init; }

    /// <summary>Resources that may exist at once, borrowed or idle.</summary>
    public int MaxSize { get; init; } = 10;

    /// <summary>How long an acquirer waits before failing with <see cref="PoolTimeoutException"/>.</summary>
    public TimeSpan AcquireTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Run <see cref="Validate"/> on an idle resource before lending it (generic-pool's <c>testOnBorrow</c>).</summary>
    public bool ValidateOnBorrow { get; init; }

    /// <summary>Run <see cref="Validate"/> on idle resources from the maintenance loop (<c>testWhileIdle</c>).</summary>
    public bool ValidateWhileIdle { get; init; }

    /// <summary>An idle resource older than this (since its return) is destroyed, down to <see cref="MinSize"/>.</summary>
    public TimeSpan IdleTimeout { get; init; }

    /// <summary>A resource older than this (since its creation) is destroyed when next returned or found idle.</summary>
    public TimeSpan MaxLifetime { get; init; }

    /// <summary>A resource borrowed for longer than this is reported to <see cref="OnLeak"/> once (HikariCP's leak detection).</summary>
    public TimeSpan LeakThreshold { get; init; }

    /// <summary>Receives leak reports; by default they are written to stderr.</summary>
    public Action<PoolLeak>? OnLeak { get; init; }

    /// <summary>How often the maintenance loop runs (idle eviction, idle validation, leaks, min size).</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Check()
    {
        ArgumentNullException.ThrowIfNull(Create);
        if (MaxSize < 1) throw new ArgumentOutOfRangeException(nameof(MaxSize), MaxSize, "must be at least 1");
        if (MinSize < 0 || MinSize > MaxSize) throw new ArgumentOutOfRangeException(nameof(MinSize), MinSize, $"must be 0..{MaxSize} (MaxSize)");
        if (AcquireTimeout <= TimeSpan.Zero && AcquireTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(AcquireTimeout), AcquireTimeout, "must be positive or Timeout.InfiniteTimeSpan");
        }
        if (MaintenanceInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaintenanceInterval), MaintenanceInterval, "must be positive");
        if ((ValidateOnBorrow || ValidateWhileIdle) && Validate is null)
        {
            throw new ArgumentException("ValidateOnBorrow and ValidateWhileIdle need a Validate callback", nameof(Validate));
        }
    }
}
