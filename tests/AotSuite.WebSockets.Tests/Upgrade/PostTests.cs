using System.Text;
using AotSuite.WebSockets.Client;
using AotSuite.WebSockets.Upgrade;

namespace AotSuite.WebSockets.Tests.Upgrade;

/// <summary><see cref="WebSocket.Post"/>: frames written at once, flushed together later, never reordered, never unbounded.</summary>
[NotInParallel]
public class PostTests
{
    [Test]
    public async Task A_burst_of_posts_arrives_whole_and_in_order_also_mixed_with_sends()
    {
        const int Count = 2000;
        await using var server = new EchoServer(map: app => app.MapWebSocket("/burst", async (socket, _) =>
        {
            for (var i = 0; i < Count; i++)
            {
                // Every tenth message goes the awaited way: it must flush behind the posts, not overtake them.
                if (i % 10 == 9) await socket.SendAsync(Encoding.UTF8.GetBytes($"m{i}"));
                else socket.Post(Encoding.UTF8.GetBytes($"m{i}"), i % 2 == 0 ? WebSocketMessageType.Text : WebSocketMessageType.Binary);
            }
            await socket.ReceiveAsync();
        }));
        await using var client = await WebSocketClient.ConnectAsync(server.Url("/burst"));
        for (var i = 0; i < Count; i++)
        {
            var message = await client.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            await Assert.That(Encoding.UTF8.GetString(message.Data.Span)).IsEqualTo($"m{i}");
            await Assert.That(message.Type).IsEqualTo(i % 2 == 0 || i % 10 == 9 ? WebSocketMessageType.Text : WebSocketMessageType.Binary);
        }
        await Assert.That(client.PendingSendBytes).IsEqualTo(0);
    }

    [Test]
    public async Task Posting_to_a_peer_that_does_not_read_drops_it_once_the_queue_passes_the_limit()
    {
        const int Limit = 1024 * 1024;
        var outcome = new TaskCompletionSource<(WebSocketCloseStatus? Status, int MaxPending, int Posted)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EchoServer(map: app => app.MapWebSocket("/flood", async (socket, _) =>
        {
            var chunk = new byte[64 * 1024];
            var maxPending = 0;
            var posted = 0;
            while (socket.State == WebSocketState.Open && posted < 100_000)
            {
                socket.Post(chunk, WebSocketMessageType.Binary);
                posted++;
                maxPending = Math.Max(maxPending, socket.PendingSendBytes);
                // Let the queued flushes run, as a server between two broadcasts does.
                if (posted % 16 == 0) await Task.Yield();
            }
            await socket.ReceiveAsync();
            outcome.TrySetResult((socket.CloseStatus, maxPending, posted));
        }, new WebSocketOptions { MaxPendingSendBytes = Limit }));

        using var client = await RawClient.ConnectAsync(server.Port);
        await client.SendAsync(RawClient.Handshake("/flood"));
        await client.ReadHeadAsync();
        var (status, maxPending, posted) = await outcome.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Assert.That(status).IsEqualTo(WebSocketCloseStatus.PolicyViolation);
        await Assert.That(maxPending).IsLessThanOrEqualTo(Limit + 64 * 1024 + 32);
        await Assert.That(posted).IsLessThan(100_000);
    }
}
