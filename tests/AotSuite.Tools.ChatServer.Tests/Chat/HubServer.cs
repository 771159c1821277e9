using AotSuite.Tools.ChatServer.Chat;
using AotSuite.Web;
using AotSuite.WebSockets;
using AotSuite.WebSockets.Client;
using AotSuite.WebSockets.Upgrade;

namespace AotSuite.Tools.ChatServer.Tests.Chat;

/// <summary>A chat hub over <paramref name="Bus"/> on a real socket (127.0.0.1, a free port), as chat-server serves it.</summary>
internal sealed record HubServer(WebApp App, IChatBus Bus) : IAsyncDisposable
{
    public static HubServer Start(IChatBus bus)
    {
        var app = WebApp.Create(new WebAppOptions { Port = 0 });
        var hub = new ChatHub(bus, historySize: 50);
        bus.Hub = hub;
        app.MapWebSocket("/chat", hub.HandleAsync);
        app.Start();
        return new HubServer(app, bus);
    }

    public Task<WebSocket> ConnectAsync() => WebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{App.Port}/chat"));

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Bus.DisposeAsync();
    }
}
