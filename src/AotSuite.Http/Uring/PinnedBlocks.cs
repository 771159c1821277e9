using System.Numerics;

namespace AotSuite.Http.Uring;

/// <summary>
/// Arrays on the pinned object heap, pooled by power-of-two size: the kernel reads a send's bytes (and writes a
/// fallback receive's) after the call that queued it has returned, so they must not move. 4 KiB to 1 MiB are kept
/// (a bounded number of each); larger ones are left to the GC. The smallest, taken and given back once per answer, also
/// go through a few kept by each thread without a lock (the ring's thread does nearly all of it).
/// </summary>
internal static class PinnedBlocks
{
    public const int Smallest = 4096;
    private const int Classes = 9; // 4 KiB .. 1 MiB
    private const int KeptPerClass = 256;

    private const int KeptPerThread = 16;

    private static readonly Stack<byte[]>[] Pools = [.. Enumerable.Range(0, Classes).Select(_ => new Stack<byte[]>())];

    [ThreadStatic]
    private static Stack<byte[]>? threadKept;

    public static byte[] Rent(int minimumSize)
    {
        var size = Math.Max(Smallest, (int)BitOperations.RoundUpToPowerOf2((uint)minimumSize));
        if (size == Smallest && threadKept is { Count: > 0 } kept) return kept.Pop();
        var index = ClassOf(size);
        if (index < Classes)
        {
            var pool = Pools[index];
            lock (pool)
            {
                if (pool.TryPop(out var block)) return block;
            }
        }
        return GC.AllocateUninitializedArray<byte>(size, pinned: true);
    }

    public static void Return(byte[] block)
    {
        if (block.Length == Smallest)
        {
            var kept = threadKept ??= new Stack<byte[]>(KeptPerThread);
            if (kept.Count < KeptPerThread)
            {
                kept.Push(block);
                return;
            }
        }
        var index = ClassOf(block.Length);
        if (index >= Classes) return;
        var pool = Pools[index];
        lock (pool)
        {
            if (pool.Count < KeptPerClass) pool.Push(block);
        }
    }

    private static int ClassOf(int size) => BitOperations.Log2((uint)size) - BitOperations.Log2(Smallest);
}
