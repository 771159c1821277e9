using AotSuite.WebSockets.Client;

namespace AotSuite.WebSockets.Tests.Upgrade;

/// <summary>What a WebSocket sees when its server stops gracefully.</summary>
public class ServerStopTests
{
    [Test]
    public async Task Every_open_connection_gets_1001_and_the_stop_ends_once_the_peers_answer_the_close()
    {
        var server = new EchoServer();
        var sockets = new List<WebSocket>();
        for (var i = 0; i < 3; i++) sockets.Add(await WebSocketClient.ConnectAsync(server.Url()));
        // One that has talked, two that never did (idle since the switch).
        await sockets[0].SendTextAsync("hi");
        await Assert.That((await sockets[0].ReceiveAsync()).Text()).IsEqualTo("hi");

        var stopping = server.DisposeAsync().AsTask();
        foreach (var socket in sockets)
        {
            var message = await socket.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            await Assert.That(message.IsClose).IsTrue();
            await Assert.That(socket.CloseStatus).IsEqualTo(WebSocketCloseStatus.GoingAway);
            await Assert.That(socket.CloseReason).IsEqualTo("server stopping");
        }
        // Well within the 30 s shutdown deadline: the connections ended with the close handshake, not by being cut off.
        await stopping.WaitAsync(TimeSpan.FromSeconds(25));
        foreach (var socket in sockets) await socket.DisposeAsync();
    }
}
