using System.Runtime.InteropServices;

namespace AotSuite.Native;

/// <summary>XXH64 content hashes: the native library for inputs of 64 bytes and more, managed code below that.</summary>
public static class Xxh64
{
    /// <summary>
    /// Below this many bytes the P/Invoke transition costs more than the C loop saves (BenchmarkDotNet, docs/BENCHMARKS.md:
    /// 16 B native 6.9 ns vs managed 4.9 ns; 1 KiB native 59 ns vs 80 ns), so short inputs stay managed.
    /// </summary>
    internal const int NativeThreshold = 64;

    /// <summary>The 64-bit hash of <paramref name="data"/>.</summary>
    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        return data.Length < NativeThreshold ? System.IO.Hashing.XxHash64.HashToUInt64(data, (long)seed) : HashNative(data, seed);
    }

    /// <summary>Always the C implementation, whatever the length (tests and the benchmark use it).</summary>
    internal static unsafe ulong HashNative(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        fixed (byte* pointer = &MemoryMarshal.GetReference(data))
        {
            return NativeMethods.Xxh64(pointer, (nuint)data.Length, seed);
        }
    }

    /// <summary>
    /// Hashes a large buffer on a thread-pool thread, so a caller on an event loop (the watcher, the package cache) is
    /// not held for the length of the hash. The memory must stay alive until the task completes.
    /// </summary>
    public static Task<ulong> HashAsync(ReadOnlyMemory<byte> data, ulong seed = 0, CancellationToken cancellationToken = default) =>
        Task.Run(() => Hash(data.Span, seed), cancellationToken);
}
