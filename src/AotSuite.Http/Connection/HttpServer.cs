using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using AotSuite.Http.Uring;

namespace AotSuite.Http.Connection;

/// <summary>
/// Listens (127.0.0.1 unless told otherwise) and runs one <see cref="HttpConnection"/> per accepted socket. Stopping is
/// graceful: no new connections, idle ones closed at once, in-flight requests answered (with <c>Connection: close</c>)
/// until <see cref="HttpServerOptions.ShutdownTimeout"/>, then the rest cut off.
/// </summary>
public sealed class HttpServer : IAsyncDisposable
{
    /// <summary>
    /// How long a stop waits for the first request of a connection accepted just before it (its bytes are normally a
    /// round trip behind the handshake) before it closes the connections that have sent nothing.
    /// </summary>
    private static readonly TimeSpan FirstRequestGrace = TimeSpan.FromMilliseconds(500);

    private readonly Socket listener;
    private readonly HttpHandler handler;
    private readonly HttpServerOptions options;
    private readonly CancellationTokenSource draining = new();
    private readonly CancellationTokenSource heartbeatStop = new();
    private readonly Task acceptLoop;
    private readonly ServedConnections connections;
    private readonly Task heartbeat;
    // The io_uring loops, one per thread asked for, each accepting on the listener; empty when sockets serve.
    private readonly RingLoop[] rings = [];

    private HttpServer(HttpServerOptions options, HttpHandler handler)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.IoUringThreads, 1, nameof(options.IoUringThreads));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.IoUringSpin, TimeSpan.Zero, nameof(options.IoUringSpin));
        this.options = options;
        this.handler = handler;
        connections = new ServedConnections(options.MaxConnections);
        var endPoint = options.EndPoint;
        listener = new Socket(endPoint.AddressFamily, SocketType.Stream, endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        if (options.ReusePort)
        {
            // SOL_SOCKET = 1, SO_REUSEPORT = 15 on Linux; .NET has no named option for it.
            listener.SetRawSocketOption(1, 15, BitConverter.GetBytes(1));
        }
        listener.Bind(endPoint);
        listener.Listen(512);
        LocalEndPoint = listener.LocalEndPoint!;
        if (options.IoUring && options.Tls is not null) IoUringRefusal = "TLS is served over sockets";
        else if (options.IoUring && endPoint is not IPEndPoint) IoUringRefusal = "Unix domain sockets are served over sockets";
        else if (options.IoUring) (rings, IoUringRefusal) = StartRings(options.IoUringThreads, options.IoUringSpin);
        if (rings.Length == 0)
        {
            acceptLoop = AcceptAsync();
        }
        else
        {
            foreach (var ring in rings) ring.StartAccepting((int)listener.Handle, OnRingAccepted);
            acceptLoop = Task.CompletedTask;
        }
        heartbeat = HeartbeatAsync();
    }

    /// <summary>The bound endpoint (with the real port when port 0 was asked for).</summary>
    public EndPoint LocalEndPoint { get; }

    /// <summary>The bound TCP port; 0 for a Unix domain socket.</summary>
    public int Port => (LocalEndPoint as IPEndPoint)?.Port ?? 0;

    /// <summary>Whether connections are served from an io_uring (<see cref="HttpServerOptions.IoUring"/> asked for it and the kernel allows it).</summary>
    public bool UsesIoUring => rings.Length > 0;

    /// <summary>Why sockets serve although <see cref="HttpServerOptions.IoUring"/> asked for io_uring (e.g. "io_uring_setup: Operation not permitted"); null otherwise.</summary>
    public string? IoUringRefusal { get; }

    /// <summary>What serves the connections: "sockets", "io_uring", or "sockets (io_uring refused: why)".</summary>
    public string Transport => UsesIoUring ? "io_uring" : IoUringRefusal is { } why ? $"sockets (io_uring refused: {why})" : "sockets";

    public static HttpServer Start(HttpServerOptions options, HttpHandler handler) => new(options, handler);

    /// <summary>
    /// Runs socket completions, and so request handling, on the socket engine's epoll threads instead of queueing each
    /// to the thread pool: HelloHttp /plaintext went from 41k to 75k req/s on one core (wrk, docs/BENCHMARKS.md). The
    /// price: a handler that blocks stalls every connection served by that thread, so it is an explicit opt-in, as
    /// Kestrel's UnsafePreferInlineScheduling is. The runtime reads the switch once, when the first socket is created:
    /// call this first thing in Main.
    /// </summary>
    public static void UseInlineSocketCompletions() =>
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

    private async Task AcceptAsync()
    {
        while (true)
        {
            try
            {
                Serve(await listener.AcceptAsync(draining.Token));
            }
            catch (Exception e) when (e is OperationCanceledException || draining.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // Out of descriptors (EMFILE) and the like: the listener stays; a moment, so this is not a busy loop.
                await Task.Delay(50);
            }
        }
    }

    /// <summary>
    /// At the stop, once every accept has ended, the connections the kernel has completed but nobody has taken yet are
    /// served too (each its first request, over sockets) rather than reset when the listener closes: with SO_REUSEPORT a
    /// reload would lose them. Nothing else accepts by then, so a ready listener has one waiting.
    /// </summary>
    private void AcceptBacklog()
    {
        try
        {
            while (listener.Poll(0, SelectMode.SelectRead)) Serve(listener.Accept());
        }
        catch (SocketException)
        {
            // Nothing more to take.
        }
    }

    private void Serve(Socket socket)
    {
        if (!connections.Admit())
        {
            socket.Dispose();
            return;
        }
        if (socket.ProtocolType == ProtocolType.Tcp) socket.NoDelay = true;
        _ = RunConnectionAsync(socket);
    }

    /// <summary>The io_uring loops; none, with the kernel's reason, when the first cannot be had.</summary>
    private static (RingLoop[] Rings, string? Refusal) StartRings(int count, TimeSpan spin)
    {
        var rings = new List<RingLoop>();
        for (var i = 0; i < count; i++)
        {
            if (RingLoop.TryCreate(spin, out var refusal) is { } ring) rings.Add(ring);
            else if (i == 0) return ([], refusal);
            else break;
        }
        return ([.. rings], null);
    }

    /// <summary>A connection the ring accepted, on the ring's thread: served there until its first wait.</summary>
    private void OnRingAccepted(RingConnection connection)
    {
        if (!connections.Admit())
        {
            connection.Dispose();
            return;
        }
        Serve(connection, connection, connection.RemoteEndPoint());
    }

    /// <summary>A socket's connection: the TLS handshake when there is one, then the HTTP connection, which takes its count over.</summary>
    private async Task RunConnectionAsync(Socket socket)
    {
        var served = false;
        try
        {
            await Task.Yield(); // leave the accept loop at once
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls is { } tls)
            {
                var secured = await AuthenticateAsync(stream, tls);
                if (secured is null) return;
                stream = secured;
            }
            // sendfile(2) writes to the socket itself: under TLS that would send the file's bytes in the clear.
            Serve(SocketTransport.Over(stream, options.Tls is null ? socket : null), stream, socket.RemoteEndPoint);
            served = true;
        }
        finally
        {
            if (!served) connections.Ended();
        }
    }

    /// <summary>
    /// Starts a counted connection's HTTP loop, which from here on owns the count (see <see cref="HttpConnection.RunAsync"/>):
    /// no frame of the server's waits on it, so none stays alive under an idle upgraded connection.
    /// </summary>
    private void Serve(System.IO.Pipelines.IDuplexPipe transport, IDisposable transportOwner, EndPoint? remote) =>
        _ = new HttpConnection(transport, transportOwner, handler, options) { RemoteEndPoint = remote, Host = connections }.RunAsync(draining.Token);

    /// <summary>The TLS handshake; null (and the connection closed) when it fails or takes longer than the handshake timeout.</summary>
    private async Task<SslStream?> AuthenticateAsync(Stream stream, HttpServerTls tls)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(draining.Token);
        handshake.CancelAfter(tls.HandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(tls.AuthenticationOptions, handshake.Token);
            return ssl;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or SocketException)
        {
            // Not TLS, an untrusted or aborted handshake, or a client too slow to finish it: nothing to answer.
            await ssl.DisposeAsync();
            return null;
        }
    }

    /// <summary>
    /// One timer for every connection's timeouts (as Kestrel's heartbeat): ticks at a quarter of the shortest timeout (or
    /// data-rate grace period), at most once a second, and ends the waits whose deadline has passed or whose body is too slow.
    /// </summary>
    private async Task HeartbeatAsync()
    {
        var shortest = new[] { options.HeadersTimeout, options.KeepAliveTimeout, options.BodyTimeout, options.MinBodyDataRate?.GracePeriod ?? TimeSpan.MaxValue }.Min();
        var period = TimeSpan.FromMilliseconds(Math.Clamp(shortest.TotalMilliseconds / 4, 10, 1000));
        using var timer = new PeriodicTimer(period);
        var due = new List<IServedConnection>();
        try
        {
            while (await timer.WaitForNextTickAsync(heartbeatStop.Token))
            {
                var now = System.Diagnostics.Stopwatch.GetTimestamp();
                connections.CopyTo(due);
                foreach (var connection in due) connection.CheckDeadline(now);
                due.Clear();
            }
        }
        catch (OperationCanceledException)
        {
            // The server is gone.
        }
    }

    /// <summary>
    /// The server's stop reaches its connections by this walk (as the heartbeat's timeouts do), not by a registration
    /// per connection on the server's tokens. On the thread pool, as <see cref="CancellationTokenSource.CancelAsync"/>
    /// would: a cancelled wait's continuation may run inline here, and a connection that ends takes the lock to leave.
    /// </summary>
    private Task EachConnectionAsync(Action<IServedConnection> action) => Task.Run(() =>
    {
        var snapshot = new List<IServedConnection>();
        connections.CopyTo(snapshot);
        foreach (var connection in snapshot) action(connection);
    });

    /// <summary>Stops gracefully (see the class summary); returns when every connection has ended.</summary>
    public async ValueTask DisposeAsync()
    {
        await draining.CancelAsync();
        await Task.WhenAll(rings.Select(ring => ring.StopAcceptingAsync()));
        await acceptLoop;
        AcceptBacklog();
        listener.Dispose();
        var all = connections.AllEndedAsync();
        var deadline = Task.Delay(options.ShutdownTimeout);
        // A connection that starts after this pass sees the draining token once its first request is served.
        await EachConnectionAsync(static connection => connection.Drain(evenFirst: false));
        if (await Task.WhenAny(all, Task.Delay(FirstRequestGrace), deadline) != all) await EachConnectionAsync(static connection => connection.Drain(evenFirst: true));
        if (await Task.WhenAny(all, deadline) != all) await EachConnectionAsync(static connection => connection.CutOff());
        await all;
        await heartbeatStop.CancelAsync();
        await heartbeat;
        // Off whatever thread this is (a continuation may have brought it to a ring's own, which Dispose joins).
        if (rings.Length > 0) await Task.Run(() => Array.ForEach(rings, ring => ring.Dispose()));
        if (LocalEndPoint is UnixDomainSocketEndPoint unix) File.Delete(unix.ToString());
        draining.Dispose();
        heartbeatStop.Dispose();
    }
}
