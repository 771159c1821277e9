using System.Runtime.InteropServices;
using static AotSuite.Http.Uring.UringNative;

namespace AotSuite.Http.Uring;

/// <summary>
/// One io_uring instance, mapped: submission entries are written in place and handed over by one
/// <see cref="SubmitAndWait"/> call, which also waits for completions. Used by one thread only (the kernel is told so:
/// SINGLE_ISSUER and DEFER_TASKRUN, so completions are produced only while that thread enters the kernel, in batches,
/// and an arrival wakes it only when it sleeps there; TASKRUN_FLAG marks arrivals in the ring's flags for a thread that
/// spins instead).
/// </summary>
internal sealed unsafe class Ring : IDisposable
{
    private readonly int fd;
    private readonly nint ringMemory;
    private readonly nuint ringBytes;
    private readonly nint sqeMemory;
    private readonly nuint sqeBytes;
    private readonly uint* sqTail;
    private readonly uint* sqHead;
    private readonly uint sqMask;
    private readonly uint* sqArray;
    private readonly uint* sqFlags;
    private readonly Sqe* sqes;
    private readonly uint sqEntries;
    private readonly uint* cqHead;
    private readonly uint* cqTail;
    private readonly uint cqMask;
    private readonly Cqe* cqes;
    private uint localTail;
    private uint toSubmit;

    private Ring(int fd, in Params p, nint ringMemory, nuint ringBytes, nint sqeMemory, nuint sqeBytes)
    {
        this.fd = fd;
        this.ringMemory = ringMemory;
        this.ringBytes = ringBytes;
        this.sqeMemory = sqeMemory;
        this.sqeBytes = sqeBytes;
        var ring = (byte*)ringMemory;
        sqHead = (uint*)(ring + p.SqOff.Head);
        sqTail = (uint*)(ring + p.SqOff.Tail);
        sqMask = *(uint*)(ring + p.SqOff.RingMask);
        sqArray = (uint*)(ring + p.SqOff.Array);
        sqFlags = (uint*)(ring + p.SqOff.Flags);
        sqEntries = p.SqEntries;
        cqHead = (uint*)(ring + p.CqOff.Head);
        cqTail = (uint*)(ring + p.CqOff.Tail);
        cqMask = *(uint*)(ring + p.CqOff.RingMask);
        cqes = (Cqe*)(ring + p.CqOff.Cqes);
        sqes = (Sqe*)sqeMemory;
        localTail = *sqTail;
    }

    public int Fd => fd;

    /// <summary>A ring, or null with the reason when this kernel (or its sandbox) has no io_uring with what we need.</summary>
    public static Ring? TryCreate(uint entries, uint completionEntries, out string? failure)
    {
        var p = new Params { Flags = SetupSingleIssuer | SetupDeferTaskrun | SetupTaskrunFlag | SetupSubmitAll | SetupCqSize, CqEntries = completionEntries };
        var fd = (int)Syscall(SysSetup, entries, (long)&p, 0, 0, 0, 0);
        if (fd < 0)
        {
            failure = $"io_uring_setup: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
            return null;
        }
        if ((p.Features & FeatSingleMmap) == 0)
        {
            Close(fd);
            failure = "io_uring without a single mapping (kernel older than 5.4)";
            return null;
        }
        var ringBytes = (nuint)Math.Max(p.SqOff.Array + p.SqEntries * 4, p.CqOff.Cqes + p.CqEntries * (uint)sizeof(Cqe));
        var ring = Mmap(0, ringBytes, ProtRead | ProtWrite, MapShared | MapPopulate, fd, OffSqRing);
        var sqeBytes = (nuint)(p.SqEntries * (uint)sizeof(Sqe));
        var sqeMemory = ring == -1 ? -1 : Mmap(0, sqeBytes, ProtRead | ProtWrite, MapShared | MapPopulate, fd, OffSqes);
        if (ring == -1 || sqeMemory == -1)
        {
            failure = $"mmap of the io_uring: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
            if (ring != -1) Munmap(ring, ringBytes);
            Close(fd);
            return null;
        }
        failure = null;
        return new Ring(fd, p, ring, ringBytes, sqeMemory, sqeBytes);
    }

    /// <summary>The next submission entry, zeroed; when the queue is full, what is queued is handed to the kernel first.</summary>
    public Sqe* NextSqe()
    {
        if (localTail - Volatile.Read(ref *sqHead) >= sqEntries) Enter(0, 0);
        var index = localTail & sqMask;
        var sqe = &sqes[index];
        *sqe = default;
        sqArray[index] = index;
        localTail++;
        toSubmit++;
        return sqe;
    }

    /// <summary>Hands over what is queued and waits until at least one completion is there.</summary>
    public void SubmitAndWait() => Enter(1, EnterGetEvents);

    /// <summary>Hands over what is queued and turns what has arrived into completions, without waiting.</summary>
    public void SubmitAndPoll() => Enter(0, EnterGetEvents);

    /// <summary>Whether something has arrived that <see cref="SubmitAndPoll"/> would turn into completions; a memory read, no system call.</summary>
    public bool HasArrivals => (Volatile.Read(ref *sqFlags) & SqTaskrun) != 0;

    /// <summary>Whether completions wait to be taken.</summary>
    public bool HasCompletions => *cqHead != Volatile.Read(ref *cqTail);

    private void Enter(uint waitFor, uint flags)
    {
        Volatile.Write(ref *sqTail, localTail);
        while (true)
        {
            var submitted = Syscall(SysEnter, fd, toSubmit, waitFor, flags, 0, 0);
            if (submitted >= 0)
            {
                toSubmit -= (uint)submitted;
                return;
            }
            var errno = Marshal.GetLastPInvokeError();
            // EINTR: a signal (the runtime's own, for a GC); EBUSY/EAGAIN: completions to reap first, which the caller does.
            if (errno == EINTR) continue;
            if (errno is EBUSY or EAGAIN) return;
            throw new IOException($"io_uring_enter: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    /// <summary>Takes the next completion, if any; call <see cref="ReleaseCompletions"/> after a batch.</summary>
    public bool TryTakeCompletion(ref uint head, out Cqe cqe)
    {
        if (head == Volatile.Read(ref *cqTail))
        {
            cqe = default;
            return false;
        }
        cqe = cqes[head & cqMask];
        head++;
        return true;
    }

    public uint CompletionHead => *cqHead;

    public void ReleaseCompletions(uint head) => Volatile.Write(ref *cqHead, head);

    /// <summary>io_uring_register(2) with one argument.</summary>
    public int Register(uint opcode, void* argument, uint count) => (int)Syscall(SysRegister, fd, opcode, (long)argument, count, 0, 0);

    public void Dispose()
    {
        Munmap(sqeMemory, sqeBytes);
        Munmap(ringMemory, ringBytes);
        Close(fd);
    }
}
