using AotSuite.WebSockets.Upgrade;

namespace AotSuite.WebSockets.Tests.Upgrade;

/// <summary>A peer that stops reading never makes the server's memory grow past the send-queue limit.</summary>
[NotInParallel]
public class BackpressureTests
{
    [Test]
    public async Task Drops_a_peer_that_does_not_read_once_its_send_queue_passes_the_limit()
    {
        const int Limit = 1024 * 1024;
        var outcome = new TaskCompletionSource<(WebSocketCloseStatus? Status, int MaxPending, int Sent)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new EchoServer(map: app => app.MapWebSocket("/flood", async (socket, _) =>
        {
            var chunk = new byte[64 * 1024];
            var maxPending = 0;
            var sent = 0;
            // Fire and forget, as a broadcast does: nothing here waits for the reader.
            while (socket.State == WebSocketState.Open && sent < 100_000)
            {
                var send = socket.SendAsync(chunk, WebSocketMessageType.Binary);
                sent++;
                maxPending = Math.Max(maxPending, socket.PendingSendBytes);
                if (send.IsCompleted && !send.Result) break;
            }
            await socket.ReceiveAsync();
            outcome.TrySetResult((socket.CloseStatus, maxPending, sent));
        }, new WebSocketOptions { MaxPendingSendBytes = Limit }));

        using var client = await RawClient.ConnectAsync(server.Port);
        await client.SendAsync(RawClient.Handshake("/flood"));
        await client.ReadHeadAsync();
        var (status, maxPending, sent) = await outcome.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Assert.That(status).IsEqualTo(WebSocketCloseStatus.PolicyViolation);
        await Assert.That(maxPending).IsLessThanOrEqualTo(Limit + 64 * 1024 + 32);
        await Assert.That(sent).IsLessThan(100_000);
    }
}
