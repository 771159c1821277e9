using AotSuite.Cli;
using AotSuite.Tools.ChatServer.Chat;
using AotSuite.Tools.ChatServer.Chat.Postgres;
using AotSuite.Web;
using AotSuite.WebSockets;
using AotSuite.WebSockets.Upgrade;
using ConsoleAppFramework;

namespace AotSuite.Tools.ChatServer;

internal sealed class ServeCommand
{
    /// <summary>Serves the chat (WebSocket at /chat, the page at /) and an echo endpoint at /echo until SIGINT or SIGTERM.</summary>
    /// <param name="port">-p, Port to listen on (0 picks a free one).</param>
    /// <param name="host">Address to bind (loopback unless told otherwise).</param>
    /// <param name="echo">Serve only the echo endpoint at /echo (text back as text, binary as binary): for conformance tests and benchmarks.</param>
    /// <param name="history">Lines of each room's history replayed to a joiner.</param>
    /// <param name="heartbeat">Seconds between pings; a client silent for two of them is dropped.</param>
    /// <param name="maxMessage">Largest message a client may send, in bytes; a larger one closes its connection with 1009.</param>
    /// <param name="quiet">-q, No request log lines.</param>
    /// <param name="postgres">PostgreSQL connection string (or CHAT_PG): share rooms and history with every chat-server using the same database.</param>
    /// <param name="reconnect">Seconds between attempts to reconnect to PostgreSQL after losing it.</param>
    /// <param name="presenceTimeout">With PostgreSQL: seconds after which a silent node's members leave every other node's member lists.</param>
    /// <param name="sockets">Serve over .NET sockets instead of an io_uring (which is used where the kernel allows it: Linux 6.1+).</param>
    /// <param name="ioUringSpin">Microseconds an io_uring watches for work before it sleeps (for a core of its own: fewer wake-ups, more round trips; 0 never spins).</param>
    [Command("")]
    public async Task Serve(int port = 8080, string host = "127.0.0.1", bool echo = false, int history = 50, int heartbeat = 30,
        int maxMessage = 64 * 1024, bool quiet = false, string postgres = "", double reconnect = 2, double presenceTimeout = 15,
        bool sockets = false, int ioUringSpin = 0, CancellationToken cancellationToken = default)
    {
        if (history is < 0 or > 10_000) throw new ArgumentOutOfRangeException(nameof(history), history, "must be 0..10000");
        if (heartbeat < 1) throw new ArgumentOutOfRangeException(nameof(heartbeat), heartbeat, "must be at least 1 second");
        if (maxMessage < 125) throw new ArgumentOutOfRangeException(nameof(maxMessage), maxMessage, "must be at least 125 bytes");
        if (reconnect is < 0.1 or > 3600) throw new ArgumentOutOfRangeException(nameof(reconnect), reconnect, "must be 0.1..3600 seconds");
        if (presenceTimeout is < 1 or > 3600) throw new ArgumentOutOfRangeException(nameof(presenceTimeout), presenceTimeout, "must be 1..3600 seconds");
        if (ioUringSpin is < 0 or > 1_000_000) throw new ArgumentOutOfRangeException(nameof(ioUringSpin), ioUringSpin, "must be 0..1000000 microseconds");
        if (postgres.Length == 0) postgres = Environment.GetEnvironmentVariable("CHAT_PG") ?? "";
        await using var bus = echo ? new LocalBus(0) : await OpenBusAsync(postgres, history, TimeSpan.FromSeconds(reconnect), TimeSpan.FromSeconds(presenceTimeout), cancellationToken);
        await using var app = WebApp.Create(new WebAppOptions { Port = port, Host = host, Server = new() { IoUring = !sockets, IoUringSpin = TimeSpan.FromMicroseconds(ioUringSpin) } });
        var options = new WebSocketOptions { Limits = new WebSocketLimits { MaxFrameSize = maxMessage, MaxMessageSize = maxMessage } };
        app.MapWebSocket("/echo", WebSocketEcho.Instance, echo ? WebSocketOptions.Default : options);
        var hub = new ChatHub(bus, history);
        bus.Hub = hub;
        if (!echo)
        {
            if (!quiet) app.Use(RequestLogging.Create());
            app.Use(EmbeddedFiles.Create(typeof(ServeCommand).Assembly));
            app.MapWebSocket("/chat", hub, options);
        }
        app.Start();
        var mode = echo ? "echo only, at /echo" : $"chat at /chat, page at /, {(bus is PostgresBus ? "rooms shared through PostgreSQL" : "in memory")}";
        mode += $", over {app.Transport}";
        Console.Out.WriteLine($"chat-server listening on {app.Url} ({mode})");
        Console.Out.Flush();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeats = hub.RunHeartbeatsAsync(TimeSpan.FromSeconds(heartbeat), stop.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // SIGINT/SIGTERM: disposing the app closes every WebSocket with 1001, then stops.
        }
        await stop.CancelAsync();
        await heartbeats;
    }

    private static async Task<IChatBus> OpenBusAsync(string postgres, int history, TimeSpan reconnect, TimeSpan presenceTimeout, CancellationToken cancellationToken)
    {
        if (postgres.Length == 0) return new LocalBus(history);
        try
        {
            return await PostgresBus.OpenAsync(postgres, Console.Error, reconnect, presenceTimeout, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage($"--postgres: not a valid connection string: {e.Message}");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException or System.Net.Sockets.SocketException or ChatBusException)
        {
            throw new CliException($"cannot use PostgreSQL ({Describe(postgres)}): {e.Message}", inner: e);
        }
    }

    /// <summary>Host, port and database of a connection string, never its password.</summary>
    private static string Describe(string postgres)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(postgres);
        return $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }
}
