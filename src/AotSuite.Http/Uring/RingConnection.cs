using System.IO.Pipelines;
using System.Net;
using static AotSuite.Http.Uring.UringNative;

namespace AotSuite.Http.Uring;

/// <summary>
/// One accepted socket served by a <see cref="RingLoop"/>: its duplex pipe (<see cref="RingReader"/>,
/// <see cref="RingWriter"/>) and its lifetime. Only the ring's thread touches the descriptor after the accept: it
/// closes it once no operation is in flight, so a descriptor number is never reused under a pending operation.
/// </summary>
internal sealed unsafe class RingConnection : IDuplexPipe, IDisposable
{
    private int disposed;

    public RingConnection(RingLoop loop, int fd, int slot)
    {
        Loop = loop;
        Fd = fd;
        Slot = slot;
        Reader = new RingReader(this);
        Writer = new RingWriter(this);
    }

    public RingLoop Loop { get; }

    public int Fd { get; }

    public int Slot { get; }

    public RingReader Reader { get; }

    public RingWriter Writer { get; }

    public PipeReader Input => Reader;

    public PipeWriter Output => Writer;

    internal ProvidedBuffers Buffers => Loop.Buffers;

    /// <summary>Operations queued in the kernel; the ring's thread only.</summary>
    internal int InFlight { get; set; }

    /// <summary>Disposed and waiting for its operations to end before the descriptor is closed; the ring's thread only.</summary>
    internal bool Closing { get; set; }

    internal bool Closed { get; set; }

    internal void Submit(byte kind) => Loop.Submit(this, kind);

    /// <summary>Cuts the connection at once (both directions), whatever is in flight.</summary>
    internal void Abort() => Loop.Post(this, RingLoop.KindAbort);

    /// <summary>The peer's address (getpeername), or null when the socket no longer has one.</summary>
    public EndPoint? RemoteEndPoint()
    {
        var address = stackalloc byte[128];
        uint length = 128;
        if (GetPeerName(Fd, address, &length) != 0) return null;
        var port = address[2] << 8 | address[3];
        return *(ushort*)address switch
        {
            2 => new IPEndPoint(new IPAddress(new ReadOnlySpan<byte>(address + 4, 4)), port),
            10 => new IPEndPoint(new IPAddress(new ReadOnlySpan<byte>(address + 8, 16), *(uint*)(address + 24)), port),
            _ => null,
        };
    }

    /// <summary>
    /// Ends the connection: once the protocol has completed its writer, what it wrote still goes out first; disposed
    /// with the writer still open (the server's shutdown deadline), it is cut off.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0) Loop.Post(this, RingLoop.KindRelease);
    }
}
