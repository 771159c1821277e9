using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using AotSuite.Http.Client.Pooling;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Client.Transport;

/// <summary>
/// One connection to an origin: writes request heads and bodies, parses response heads with the server's parser, and
/// reads bodies by their framing (Content-Length, chunked through the server's <see cref="ChunkedDecoder"/>, or until
/// close). Receives into one pooled buffer it owns; a response's head fields are copied out of it into the response,
/// so they outlive the connection's next request.
/// </summary>
internal sealed partial class ClientConnection : IDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly Socket socket;
    private readonly Stream stream;
    private readonly OriginPool pool;
    private readonly HttpLimits limits;
    private readonly TimeSpan idleTimeout;
    private readonly ArrayBufferWriter<byte> output = new(1024);
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int start;
    private int end;
    private long idleUntil;
    private HeadState head;
    private BodyState body;
    // A read still out after the wait for 100 Continue ran out; the next fill takes its bytes.
    private Task<int>? pendingFill;

    private ClientConnection(Socket socket, Stream stream, OriginPool pool, FetchClientOptions options)
    {
        this.socket = socket;
        this.stream = stream;
        this.pool = pool;
        limits = options.Limits;
        idleTimeout = options.IdleTimeout;
    }

    public OriginPool Pool => pool;

    /// <summary>Has served a response before this one: a failure before any byte arrives may just be a stale keep-alive.</summary>
    public bool WasReused { get; private set; }

    public static async ValueTask<ClientConnection> ConnectAsync(OriginPool pool, FetchClientOptions options, CancellationToken cancellation)
    {
        var origin = pool.Origin;
        Socket socket;
        if (IPAddress.TryParse(origin.Host, out var address))
        {
            socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(address, origin.Port, cancellation);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        else
        {
            // Dual mode: a name that resolves to IPv6 and IPv4 addresses is tried on each in turn.
            socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            try
            {
                await socket.ConnectAsync(new DnsEndPoint(origin.Host, origin.Port), cancellation);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        socket.NoDelay = true;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (origin.Https)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = origin.Host,
                    RemoteCertificateValidationCallback = options.ServerCertificateValidation,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                }, cancellation);
            }
            catch
            {
                await ssl.DisposeAsync();
                throw;
            }
            stream = ssl;
        }
        return new ClientConnection(socket, stream, pool, options);
    }

    public bool IsExpired(long now) => now > idleUntil;

    /// <summary>Back in the pool: starts the idle clock (the server's <c>Keep-Alive: timeout</c> when it is shorter).</summary>
    public void MarkIdle()
    {
        WasReused = true;
        var limit = idleTimeout;
        if (body.ServerIdleSeconds > 0)
        {
            // Leave a second's margin: the server's clock started when it wrote the response, ours a little later.
            var server = TimeSpan.FromSeconds(body.ServerIdleSeconds - 1);
            if (server < limit) limit = server;
        }
        idleUntil = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Reads more bytes into the buffer, compacting or growing it as needed; 0 at the end of the stream.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> FillAsync(CancellationToken cancellation)
    {
        if (pendingFill is { } pending)
        {
            pendingFill = null;
            return await pending;
        }
        MakeRoom();
        var read = await stream.ReadAsync(buffer.AsMemory(end), cancellation);
        end += read;
        return read;
    }

    private void MakeRoom()
    {
        if (start == end)
        {
            start = end = 0;
            return;
        }
        if (end < buffer.Length) return;
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
            return;
        }
        // A head line longer than the buffer: grow (the parser's limits bound how far).
        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, end).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = bigger;
    }

    public void Dispose()
    {
        stream.Dispose();
        socket.Dispose();
        var rented = Interlocked.Exchange(ref buffer, []);
        if (rented.Length > 0) ArrayPool<byte>.Shared.Return(rented);
        body.Staged?.Dispose();
    }
}
