using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static AotSuite.Http.Uring.UringNative;

namespace AotSuite.Http.Uring;

/// <summary>
/// A provided-buffer ring (IORING_REGISTER_PBUF_RING): receive buffers the kernel picks from only when data arrives, so
/// a connection waiting for its next message (an idle keep-alive or WebSocket) holds no buffer. The buffers are slices
/// of one pinned array; a reader gives its slice back once it has consumed (or copied) the bytes.
/// </summary>
internal sealed unsafe class ProvidedBuffers : IDisposable
{
    public const ushort Group = 0;

    private readonly nint ringMemory;
    private readonly nuint ringBytes;
    private readonly Buf* entries;
    private readonly ushort* tailField;
    private readonly ushort mask;
    private readonly byte* slabAddress;
    private readonly Lock gate = new();
    private ushort tail;

    private ProvidedBuffers(nint ringMemory, nuint ringBytes, ushort count, int size)
    {
        this.ringMemory = ringMemory;
        this.ringBytes = ringBytes;
        entries = (Buf*)ringMemory;
        // The ring's tail overlays the last field of entry 0 (struct io_uring_buf_ring).
        tailField = (ushort*)((byte*)ringMemory + 14);
        mask = (ushort)(count - 1);
        BufferSize = size;
        Slab = GC.AllocateUninitializedArray<byte>(count * size, pinned: true);
        slabAddress = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Slab));
        for (var id = 0; id < count; id++) Add((ushort)id);
        Volatile.Write(ref *tailField, tail);
    }

    /// <summary>The array every buffer is a slice of (buffer <c>id</c> starts at <c>id * BufferSize</c>).</summary>
    public byte[] Slab { get; }

    public int BufferSize { get; }

    /// <summary>Registers <paramref name="count"/> buffers (a power of two) of <paramref name="size"/> bytes with the ring.</summary>
    public static ProvidedBuffers? TryCreate(Ring ring, ushort count, int size, out string? failure)
    {
        var ringBytes = (nuint)(count * sizeof(Buf));
        var memory = Mmap(0, ringBytes, ProtRead | ProtWrite, MapPrivate | MapAnonymous | MapPopulate, -1, 0);
        if (memory == -1)
        {
            failure = $"mmap of the buffer ring: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
            return null;
        }
        var registration = new BufReg { RingAddr = (ulong)memory, RingEntries = count, Bgid = Group };
        if (ring.Register(RegisterPbufRing, &registration, 1) < 0)
        {
            failure = $"registering the buffer ring (kernel older than 5.19?): {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
            Munmap(memory, ringBytes);
            return null;
        }
        failure = null;
        return new ProvidedBuffers(memory, ringBytes, count, size);
    }

    public int Offset(ushort id) => id * BufferSize;

    /// <summary>Gives buffer <paramref name="id"/> back to the kernel. Any thread.</summary>
    public void Return(ushort id)
    {
        lock (gate)
        {
            Add(id);
            Volatile.Write(ref *tailField, tail);
        }
    }

    private void Add(ushort id)
    {
        var entry = &entries[tail & mask];
        entry->Addr = (ulong)(slabAddress + Offset(id));
        entry->Len = (uint)BufferSize;
        entry->Bid = id;
        tail++;
    }

    /// <summary>Unmaps the ring; the kernel drops its registration with the io_uring itself.</summary>
    public void Dispose() => Munmap(ringMemory, ringBytes);
}
