using System.Runtime.InteropServices;

namespace AotSuite.Native;

/// <summary>XXH64 content hashes computed by the native library (same results as System.IO.Hashing.XxHash64).</summary>
public static class Xxh64
{
    /// <summary>The 64-bit hash of <paramref name="data"/>.</summary>
    public static unsafe ulong Hash(ReadOnlySpan<byte> data, ulong seed = 0)
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
