using System.Collections.Concurrent;
using AotSuite.Pooling;
using BenchmarkDotNet.Attributes;

namespace AotSuite.Benchmarks.Pooling;

/// <summary>
/// One uncontended acquire + release on a warm pool. The baseline is the usual hand-rolled .NET bounded pool
/// (SemaphoreSlim for the limit, ConcurrentBag for the idle items); ours also keeps FIFO order, leak data and metrics.
/// Allocated must read '-' for both.
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("pool")]
public class PoolAcquireBench
{
    private sealed class Resource;

    private readonly SemaphoreSlim limit = new(10);
    private readonly ConcurrentBag<Resource> bag = [];
    private Pool<Resource> pool = null!;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < 10; i++) bag.Add(new Resource());
        pool = new Pool<Resource>(new PoolOptions<Resource> { Create = static _ => ValueTask.FromResult(new Resource()), MaxSize = 10 });
        pool.AcquireAsync().AsTask().GetAwaiter().GetResult().Dispose();
    }

    [GlobalCleanup]
    public void Cleanup() => pool.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public async ValueTask SemaphoreAndBag()
    {
        await limit.WaitAsync();
        bag.TryTake(out var item);
        bag.Add(item!);
        limit.Release();
    }

    [Benchmark]
    public async ValueTask AotSuitePool()
    {
        using var lease = await pool.AcquireAsync();
    }
}
