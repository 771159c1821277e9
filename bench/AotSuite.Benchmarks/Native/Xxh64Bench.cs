using System.IO.Hashing;
using AotSuite.Native;
using BenchmarkDotNet.Attributes;

namespace AotSuite.Benchmarks.Native;

/// <summary>Our C XXH64 through [LibraryImport] against the managed System.IO.Hashing one (the baseline).</summary>
[MemoryDiagnoser, BenchmarkCategory("xxh64")]
public class Xxh64Bench
{
    private byte[] data = [];

    [Params(16, 1024, 1 << 20)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        data = new byte[Size];
        new Random(42).NextBytes(data);
    }

    [Benchmark(Baseline = true)]
    public ulong SystemIOHashing() => XxHash64.HashToUInt64(data);

    [Benchmark]
    public ulong AotSuiteNative() => Xxh64.HashNative(data);

    /// <summary>The public entry point: managed below 64 bytes, native above.</summary>
    [Benchmark]
    public ulong AotSuite() => Xxh64.Hash(data);
}
