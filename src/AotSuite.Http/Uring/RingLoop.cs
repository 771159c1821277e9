using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static AotSuite.Http.Uring.UringNative;

namespace AotSuite.Http.Uring;

/// <summary>
/// One thread and one io_uring serving a listener's connections: accepts (one multishot request), receives and sends
/// are queued as submission entries and handed to the kernel together, with the wait for completions, in one
/// io_uring_enter per turn; each completion runs its reader's or writer's continuation right here, so a request is
/// parsed, handled and answered on this thread and its answer goes out with the next turn's call. Work from other
/// threads (a handler that awaited something else, a timeout) is posted and the loop woken through an eventfd.
/// </summary>
internal sealed unsafe class RingLoop : IDisposable
{
    public const byte KindAccept = 1;
    public const byte KindReceive = 2;
    public const byte KindSend = 3;
    public const byte KindWake = 4;
    public const byte KindCancel = 5;
    public const byte KindRelease = 6;
    public const byte KindAbort = 7;
    public const byte KindStopReceiving = 11;
    private const byte KindStopAccepting = 8;
    private const byte KindStop = 9;
    private const byte KindStopNow = 10;
    private const byte KindAcceptRetry = 12;

    private readonly Ring ring;
    private readonly int wakeFd;
    private readonly ulong* wakeValue;
    private readonly ConcurrentQueue<(RingConnection? Connection, byte Kind)> posted = new();
    private readonly List<RingConnection?> slots = [];
    private readonly Stack<int> freeSlots = new();
    private readonly TaskCompletionSource acceptStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread thread;
    private int wakePending;
    private readonly int loopThreadId;
    private readonly long spinTicks;
    private int listenerFd = -1;
    private Action<RingConnection>? accepted;
    // How long a failed accept (out of descriptors: the connection stays queued) waits before it is asked for again;
    // a __kernel_timespec the kernel reads at submission, so pinned.
    private static readonly long[] AcceptRetryDelay = PinnedTimespec(TimeSpan.FromMilliseconds(50));

    private bool accepting;
    // Set when the accept is cancelled: its last completion may then carry a connection (the cancel raced an arrival)
    // instead of ECANCELED, and must not re-arm it.
    private bool acceptCancelled;
    private bool stopping;
    private int live;

    private RingLoop(Ring ring, ProvidedBuffers buffers, int wakeFd, TimeSpan spin)
    {
        spinTicks = (long)(spin.TotalSeconds * Stopwatch.Frequency);
        this.ring = ring;
        Buffers = buffers;
        this.wakeFd = wakeFd;
        wakeValue = (ulong*)NativeMemory.Alloc(8);
        thread = Thread.CurrentThread;
        loopThreadId = Environment.CurrentManagedThreadId;
    }

    public ProvidedBuffers Buffers { get; }

    /// <summary>
    /// A loop on a thread of its own, or null with the reason when io_uring cannot be had here (an old kernel, seccomp,
    /// io_uring_disabled). The ring is made on that thread: with SINGLE_ISSUER only its maker may submit to it.
    /// </summary>
    public static RingLoop? TryCreate(TimeSpan spin, out string? failure)
    {
        if (!OperatingSystem.IsLinux())
        {
            failure = "io_uring is Linux only";
            return null;
        }
        RingLoop? loop = null;
        string? reason = null;
        using var made = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            loop = Create(spin, out reason);
            made.Set();
            loop?.Run();
        }) { IsBackground = true, Name = "io_uring" };
        thread.Start();
        made.Wait();
        failure = reason;
        return loop;
    }

    private static RingLoop? Create(TimeSpan spin, out string? failure)
    {
        var ring = Ring.TryCreate(4096, 16384, out failure);
        if (ring is null) return null;
        // 256 × 4 KiB: enough for the receives in flight at once on one ring; past that a receive goes into a block of its
        // connection's own. The kernel cycles through all of them, so each ring's buffers end up resident (1 MiB).
        var buffers = ProvidedBuffers.TryCreate(ring, 256, 4096, out failure);
        var wakeFd = buffers is null ? -1 : EventFd(0, EfdCloexec | EfdNonblock);
        if (buffers is null || wakeFd < 0)
        {
            failure ??= $"eventfd: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
            buffers?.Dispose();
            ring.Dispose();
            return null;
        }
        return new RingLoop(ring, buffers, wakeFd, spin);
    }

    /// <summary>Starts accepting on <paramref name="listener"/> (a listening socket's descriptor); each connection is handed to <paramref name="onAccepted"/> on the loop's thread.</summary>
    public void StartAccepting(int listener, Action<RingConnection> onAccepted)
    {
        listenerFd = listener;
        accepted = onAccepted;
        Post(null, KindAccept);
    }

    /// <summary>Cancels the accept; completes once the kernel has let go of the listener.</summary>
    public Task StopAcceptingAsync()
    {
        Post(null, KindStopAccepting);
        return acceptStopped.Task;
    }

    private bool OnLoop => Environment.CurrentManagedThreadId == loopThreadId;

    /// <summary>Queues <paramref name="kind"/> (a receive or a send) for <paramref name="connection"/>: in place on the loop's thread, posted from any other.</summary>
    public void Submit(RingConnection connection, byte kind)
    {
        if (OnLoop) Queue(connection, kind);
        else Post(connection, kind);
    }

    public void Post(RingConnection? connection, byte kind)
    {
        posted.Enqueue((connection, kind));
        // The loop drains what is posted before it waits again; only a loop that may be waiting needs the eventfd.
        if (!OnLoop && Interlocked.Exchange(ref wakePending, 1) == 0)
        {
            ulong one = 1;
            Write(wakeFd, &one, 8);
        }
    }

    private void Run()
    {
        ArmWake();
        while (true)
        {
            Volatile.Write(ref wakePending, 0);
            while (posted.TryDequeue(out var work)) Apply(work.Connection, work.Kind);
            if (stopping && live == 0 && !accepting) return;
            SubmitAndAwait();
            var head = ring.CompletionHead;
            while (ring.TryTakeCompletion(ref head, out var completion))
            {
                ring.ReleaseCompletions(head);
                Dispatch(completion);
            }
        }
    }

    /// <summary>
    /// Hands over what is queued and gets completions. With a spin, the loop first watches the ring for that long before
    /// it sleeps in the kernel: an arrival then finds the loop awake, so neither the sender's system call nor this thread
    /// pays for a wake-up (a cross-CPU interrupt and two context switches, which cost more than the request on a VM).
    /// </summary>
    private void SubmitAndAwait()
    {
        if (spinTicks == 0)
        {
            ring.SubmitAndWait();
            return;
        }
        ring.SubmitAndPoll();
        if (ring.HasCompletions) return;
        var deadline = Stopwatch.GetTimestamp() + spinTicks;
        do
        {
            if (ring.HasArrivals)
            {
                ring.SubmitAndPoll();
                if (ring.HasCompletions) return;
            }
            if (!posted.IsEmpty) return;
            Thread.SpinWait(1);
        }
        while (Stopwatch.GetTimestamp() < deadline);
        ring.SubmitAndWait();
    }

    private void Apply(RingConnection? connection, byte kind)
    {
        switch (kind)
        {
            case KindAccept:
                accepting = true;
                ArmAccept();
                break;
            case KindStopAccepting when !accepting:
                acceptStopped.TrySetResult();
                break;
            case KindStopAccepting:
                if (acceptCancelled) break;
                acceptCancelled = true;
                var cancel = ring.NextSqe();
                cancel->Opcode = OpAsyncCancel;
                cancel->Addr = KindAccept;
                cancel->UserData = KindCancel;
                break;
            case KindStop or KindStopNow:
                stopping = true;
                if (accepting) Apply(null, KindStopAccepting);
                // At the stop, a connection still sending its last answer is left to finish; at the deadline, it is cut too.
                foreach (var open in slots)
                {
                    if (open is { Closed: false } && (kind == KindStopNow || !open.Closing)) Shutdown(open.Fd, ShutReadWrite);
                }
                break;
            case KindRelease:
                connection!.Closing = true;
                if (connection.InFlight == 0) Close(connection);
                // Written to the end: its last bytes still go out, only the receive ends. Cut off mid-way: both directions.
                else Shutdown(connection.Fd, connection.Writer.Completed && connection.Writer.Sending ? ShutRead : ShutReadWrite);
                break;
            case KindAbort:
                if (!connection!.Closed) Shutdown(connection.Fd, ShutReadWrite);
                break;
            default:
                Queue(connection!, kind);
                break;
        }
    }

    private void Queue(RingConnection connection, byte kind)
    {
        if (connection.Closed)
        {
            if (kind == KindReceive) connection.Reader.OnClosed();
            else if (kind == KindSend) connection.Writer.OnSent(-EPIPE);
            return;
        }
        if (kind == KindStopReceiving)
        {
            var cancel = ring.NextSqe();
            cancel->Opcode = OpAsyncCancel;
            cancel->Addr = (ulong)connection.Slot << 8 | KindReceive;
            cancel->UserData = KindCancel;
            return;
        }
        byte[] bytes;
        int offset, count;
        if (kind == KindSend)
        {
            if (!connection.Writer.TryGetSend(out bytes, out offset, out count)) return;
        }
        else if (!connection.Reader.TryGetReceiveBlock(out bytes, out offset))
        {
            (bytes, count) = (null!, 0);
        }
        else
        {
            count = bytes.Length - offset;
        }
        var sqe = ring.NextSqe();
        sqe->Opcode = kind == KindSend ? OpSend : OpRecv;
        sqe->Fd = connection.Fd;
        sqe->UserData = (ulong)connection.Slot << 8 | kind;
        if (bytes is null)
        {
            // Armed once, reporting each arrival in a provided buffer the kernel picks then.
            sqe->Flags = SqeBufferSelect;
            sqe->BufGroup = ProvidedBuffers.Group;
            sqe->IoPrio = RecvMultishot;
        }
        else
        {
            // Pinned arrays (the pinned object heap or the provided slab): the address holds until the completion.
            sqe->Addr = (ulong)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(bytes)) + (ulong)offset;
            sqe->Len = (uint)count;
        }
        if (kind == KindSend) sqe->OpFlags = MsgNoSignal;
        connection.InFlight++;
    }

    private void Dispatch(in Cqe completion)
    {
        var kind = (byte)completion.UserData;
        switch (kind)
        {
            case KindAccept:
                OnAccepted(completion.Res, completion.Flags);
                return;
            case KindWake:
                ArmWake();
                return;
            case KindAcceptRetry when acceptCancelled || stopping:
                accepting = false;
                acceptStopped.TrySetResult();
                return;
            case KindAcceptRetry:
                ArmAccept();
                return;
            case KindReceive or KindSend:
                var connection = slots[(int)(completion.UserData >> 8)]!;
                // A multishot receive stays in flight until a completion without MORE.
                if ((completion.Flags & CqeMore) == 0) connection.InFlight--;
                if (kind == KindReceive) connection.Reader.OnReceived(completion.Res, completion.Flags, Buffers);
                else connection.Writer.OnSent(completion.Res);
                if (connection is { Closing: true, InFlight: 0, Closed: false }) Close(connection);
                return;
        }
    }

    private void OnAccepted(int result, uint flags)
    {
        if (result >= 0) Adopt(result);
        if ((flags & CqeMore) != 0) return;
        // The multishot accept has ended: cancelled (the server stops), or an error; then it is asked for again, after a
        // moment when the error would only repeat at once (EMFILE leaves the connection queued: a busy loop otherwise).
        if (acceptCancelled || stopping)
        {
            accepting = false;
            acceptStopped.TrySetResult();
        }
        else if (result < 0)
        {
            var sqe = ring.NextSqe();
            sqe->Opcode = OpTimeout;
            sqe->Addr = (ulong)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(AcceptRetryDelay));
            sqe->Len = 1;
            sqe->UserData = KindAcceptRetry;
        }
        else
        {
            ArmAccept();
        }
    }

    private void Adopt(int fd)
    {
        var one = 1;
        SetSockOpt(fd, 6, 1, &one, 4); // IPPROTO_TCP, TCP_NODELAY
        int slot;
        if (freeSlots.Count > 0)
        {
            slot = freeSlots.Pop();
        }
        else
        {
            slot = slots.Count;
            slots.Add(null);
        }
        var connection = new RingConnection(this, fd, slot);
        slots[slot] = connection;
        live++;
        accepted!(connection);
    }

    private static long[] PinnedTimespec(TimeSpan span)
    {
        var timespec = GC.AllocateArray<long>(2, pinned: true);
        timespec[0] = span.Ticks / TimeSpan.TicksPerSecond;
        timespec[1] = span.Ticks % TimeSpan.TicksPerSecond * 100;
        return timespec;
    }

    private void ArmAccept()
    {
        var sqe = ring.NextSqe();
        sqe->Opcode = OpAccept;
        sqe->Fd = listenerFd;
        sqe->IoPrio = AcceptMultishot;
        sqe->OpFlags = SockCloexec;
        sqe->UserData = KindAccept;
    }

    private void ArmWake()
    {
        var sqe = ring.NextSqe();
        sqe->Opcode = OpRead;
        sqe->Fd = wakeFd;
        sqe->Addr = (ulong)wakeValue;
        sqe->Len = 8;
        sqe->UserData = KindWake;
    }

    private void Close(RingConnection connection)
    {
        connection.Closed = true;
        UringNative.Close(connection.Fd);
        slots[connection.Slot] = null;
        freeSlots.Push(connection.Slot);
        live--;
        connection.Reader.OnClosed();
        connection.Writer.OnClosed();
    }

    /// <summary>
    /// Stops the thread once every connection is closed, then frees the ring. Connections still open are cut off; one
    /// still sending its last answer gets two seconds.
    /// </summary>
    public void Dispose()
    {
        Post(null, KindStop);
        if (!thread.Join(TimeSpan.FromSeconds(2)))
        {
            Post(null, KindStopNow);
            // A loop that still does not end keeps its memory: unmapping under a kernel operation would crash.
            if (!thread.Join(TimeSpan.FromSeconds(10))) return;
        }
        Buffers.Dispose();
        ring.Dispose();
        UringNative.Close(wakeFd);
        NativeMemory.Free(wakeValue);
    }
}
