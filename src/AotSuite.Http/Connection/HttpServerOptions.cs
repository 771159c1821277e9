using System.Net;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Connection;

public sealed record HttpServerOptions
{
    /// <summary>
    /// Where to listen: an <see cref="IPEndPoint"/> (IPv4 or IPv6; port 0 picks a free port, see HttpServer.Port) or a
    /// <see cref="System.Net.Sockets.UnixDomainSocketEndPoint"/>. Loopback unless told otherwise.
    /// </summary>
    public EndPoint EndPoint { get; init; } = new IPEndPoint(IPAddress.Loopback, 0);

    /// <summary>SO_REUSEPORT: several processes bind the same port and the kernel spreads connections (cluster mode).</summary>
    public bool ReusePort { get; init; }

    public HttpLimits Limits { get; init; } = HttpLimits.Default;

    /// <summary>Serve HTTPS with this certificate (<see cref="HttpServerTls.FromPemFiles"/>); null serves plain HTTP.</summary>
    public HttpServerTls? Tls { get; init; }

    /// <summary>Connections served at once; one more is closed as soon as it is accepted.</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>How long a request head may take from its first byte to its blank line (slowloris). Over it: closed.</summary>
    public TimeSpan HeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a connection may sit idle between requests (Kestrel: 130 s; Node: 5 s).</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a request body may go without any bytes arriving (a stalled upload). Over it: 408 and closed.</summary>
    public TimeSpan BodyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The slowest a request body may arrive once its grace period is over (default: 240 B/s after 5 s, Kestrel's
    /// figures); under it: 408 and closed. Null turns the check off, leaving only <see cref="BodyTimeout"/>.
    /// </summary>
    public MinDataRate? MinBodyDataRate { get; init; } = new(240, TimeSpan.FromSeconds(5));

    /// <summary>
    /// False (the default): the connection reads each request body whole, within <c>Limits.MaxBodyBytes</c>, before the
    /// handler runs, into <see cref="HttpRequest.Body"/>. True: the handler runs as soon as the head is in and reads the
    /// body itself, as it arrives (<see cref="HttpRequest.BodyReader"/>) or whole (<see cref="HttpRequest.ReadBodyAsync"/>);
    /// a handler can then refuse a body before it is sent (<c>Expect: 100-continue</c> is answered only when it reads).
    /// A body the handler leaves unread is read and dropped after its response (or the connection closes).
    /// </summary>
    public bool StreamRequestBodies { get; init; }

    /// <summary>
    /// Serves plain TCP connections from an io_uring on one thread of its own (Linux 6.1 or later): receives and sends of
    /// every connection go to the kernel together, in one system call per turn of the loop, and requests are handled
    /// on that thread, so a handler must not block (as with <see cref="HttpServer.UseInlineSocketCompletions"/>). Where
    /// io_uring cannot be had (an older kernel, a sandbox that forbids it) the server uses sockets, as it does for TLS
    /// and Unix domain sockets; <see cref="HttpServer.UsesIoUring"/> says which. Files are then sent through the
    /// connection's buffers rather than with sendfile(2).
    /// </summary>
    public bool IoUring { get; init; }

    /// <summary>
    /// With <see cref="IoUring"/>: how many rings, each on a thread of its own and accepting on the listener (the kernel
    /// gives each new connection to one of them). Default: one per processor this process may run on.
    /// </summary>
    public int IoUringThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// With <see cref="IoUring"/>: how long a ring's thread keeps watching for work before it sleeps in the kernel. For a
    /// server with a core to itself: the next request then finds the loop awake, and neither its sender nor the loop pays
    /// for a wake-up, which pays where wake-ups are dear (a VM). The spinning costs CPU, so under a CPU quota (a container's
    /// share of a core) it costs requests. An idle server spins once, this long, and sleeps. Default: no spinning.
    /// </summary>
    public TimeSpan IoUringSpin { get; init; }

    /// <summary>How long stopping waits for in-flight requests before it cuts them off.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
