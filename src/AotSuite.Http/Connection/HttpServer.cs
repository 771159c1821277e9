using System.Net;
using System.Net.Sockets;

namespace AotSuite.Http.Connection;

/// <summary>Listens on a TCP endpoint (127.0.0.1 unless told otherwise) and runs one <see cref="HttpConnection"/> per socket.</summary>
public sealed class HttpServer : IAsyncDisposable
{
    private readonly Socket listener;
    private readonly HttpHandler handler;
    private readonly HttpServerOptions options;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task acceptLoop;
    private readonly HashSet<Task> connections = [];

    private HttpServer(HttpServerOptions options, HttpHandler handler)
    {
        this.options = options;
        this.handler = handler;
        listener = new Socket(options.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(options.EndPoint);
        listener.Listen(512);
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        acceptLoop = AcceptAsync();
    }

    /// <summary>The bound endpoint (with the real port when port 0 was asked for).</summary>
    public IPEndPoint EndPoint { get; }

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
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            socket.NoDelay = true;
            var task = RunConnectionAsync(socket);
            lock (connections) connections.Add(task);
            _ = task.ContinueWith(t => { lock (connections) connections.Remove(t); }, TaskScheduler.Default);
        }
    }

    private async Task RunConnectionAsync(Socket socket)
    {
        await Task.Yield(); // leave the accept loop at once
        await using var connection = new HttpConnection(socket, handler, options);
        await connection.RunAsync(stopping.Token);
    }

    /// <summary>Stops accepting, cancels every connection and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        await acceptLoop;
        Task[] running;
        lock (connections) running = [.. connections];
        await Task.WhenAll(running);
        stopping.Dispose();
    }
}
