namespace AotSuite.Jobs;

/// <summary>How a <see cref="JobWorker"/> runs its queue.</summary>
public sealed record WorkerOptions
{
    /// <summary>Jobs run at once by this worker.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>
    /// Jobs claimed beyond <see cref="Concurrency"/> into a local queue (0: claim only for free slots). A claim of many
    /// jobs costs about what a claim of a few does, so a busy queue runs far faster. Once half of the local queue has
    /// started, one claim tops it up while the rest runs, so slots do not wait on it. The local queue's leases are renewed
    /// while they wait, and a graceful stop hands unstarted jobs back. Keep it 0 for long jobs shared by many workers:
    /// what one worker holds, the others cannot run.
    /// </summary>
    public int Prefetch { get; init; }

    /// <summary>How long a claim holds without a heartbeat; a worker that dies loses its jobs after this.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often running jobs extend their lease (default: a third of the lease).</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>The longest to sleep when the queue looks empty (delayed jobs become due; other processes enqueue).</summary>
    public TimeSpan IdleWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Identifies this worker in leases and errors (default: host:pid:random).</summary>
    public string? WorkerId { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
