namespace AotSuite.Pooling.Tests;

/// <summary>An in-memory resource whose factory counts what it made and destroyed.</summary>
internal sealed class FakeResource(int id)
{
    public int Id { get; } = id;
    public bool Broken { get; set; }
    public bool Destroyed { get; set; }
}

internal sealed class FakeFactory
{
    private int next;
    public int Created => next;
    public int DestroyedCount;
    public Exception? FailWith;

    public PoolOptions<FakeResource> Options(int max, Func<PoolOptions<FakeResource>, PoolOptions<FakeResource>>? tweak = null) =>
        new()
        {
            Name = "fake",
            MaxSize = max,
            Create = _ => FailWith is { } e ? ValueTask.FromException<FakeResource>(e) : ValueTask.FromResult(new FakeResource(Interlocked.Increment(ref next))),
            Validate = static (r, _) => ValueTask.FromResult(!r.Broken),
            Destroy = r => { r.Destroyed = true; Interlocked.Increment(ref DestroyedCount); return ValueTask.CompletedTask; },
            AcquireTimeout = TimeSpan.FromSeconds(10),
            MaintenanceInterval = TimeSpan.FromHours(1),
        };
}
