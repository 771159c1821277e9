using AotSuite.Tools.ChatServer.Chat;
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
    [Command("")]
    public async Task Serve(int port = 8080, string host = "127.0.0.1", bool echo = false, int history = 50, int heartbeat = 30,
        int maxMessage = 64 * 1024, bool quiet = false, CancellationToken cancellationToken = default)
    {
        if (history is < 0 or > 10_000) throw new ArgumentOutOfRangeException(nameof(history), history, "must be 0..10000");
        if (heartbeat < 1) throw new ArgumentOutOfRangeException(nameof(heartbeat), heartbeat, "must be at least 1 second");
        if (maxMessage < 125) throw new ArgumentOutOfRangeException(nameof(maxMessage), maxMessage, "must be at least 125 bytes");
        await using var app = WebApp.Create(new WebAppOptions { Port = port, Host = host });
        var options = new WebSocketOptions { Limits = new WebSocketLimits { MaxFrameSize = maxMessage, MaxMessageSize = maxMessage } };
        app.MapWebSocket("/echo", WebSocketEcho.HandleAsync, echo ? WebSocketOptions.Default : options);
        await using var bus = new LocalBus(history);
        var hub = new ChatHub(bus, history);
        bus.Hub = hub;
        if (!echo)
        {
            if (!quiet) app.Use(RequestLogging.Create());
            app.Use(EmbeddedFiles.Create(typeof(ServeCommand).Assembly));
            app.MapWebSocket("/chat", hub.HandleAsync, options);
        }
        app.Start();
        Console.Out.WriteLine($"chat-server listening on {app.Url} ({(echo ? "echo only, at /echo" : "chat at /chat, page at /")})");
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
}
