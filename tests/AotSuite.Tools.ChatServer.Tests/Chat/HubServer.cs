using System.Text.Json;
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
        app.MapWebSocket("/chat", hub);
        app.Start();
        return new HubServer(app, bus);
    }

    public Task<WebSocket> ConnectAsync() => WebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{App.Port}/chat"));

    /// <summary>A client welcomed as <paramref name="nick"/> and, when given, in <paramref name="room"/> with its history read.</summary>
    public async Task<WebSocket> ConnectAsAsync(string nick, string? room = null)
    {
        var socket = await ConnectAsync();
        await socket.SendTextAsync($$"""{"type":"nick","nick":"{{nick}}"}""");
        await Next(socket, "welcome");
        if (room is null) return socket;
        await socket.SendTextAsync($$"""{"type":"join","room":"{{room}}"}""");
        await Next(socket, "history");
        return socket;
    }

    /// <summary>The next message of <paramref name="type"/>, skipping others.</summary>
    public static async Task<JsonElement> Next(WebSocket socket, string type)
    {
        while (true)
        {
            var message = await socket.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (message.IsClose) throw new InvalidOperationException($"closed ({message.CloseStatus}) while waiting for '{type}'");
            var json = JsonDocument.Parse(message.Data).RootElement.Clone();
            if (json.GetProperty("type").GetString() == type) return json;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Bus.DisposeAsync();
    }
}
