using System.Diagnostics;
using System.Net.Sockets;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Tests.Connection;

/// <summary>HttpServerOptions.MinBodyDataRate: a body that trickles in is a 408, not a connection held for ever.</summary>
public class MinBodyDataRateTests
{
    [Test]
    [Arguments(false)]
    [Arguments(true)]
    [DisplayName("Answers 408 to a body that trickles in below the minimum rate (streamed: $streamed)")]
    public async Task Answers_408_to_a_body_that_trickles_in_below_the_minimum_rate(bool streamed)
    {
        // A byte every 100 ms never trips the 30 s stall timeout; 10 B/s is far under 1000 B/s once the 1 s grace is over.
        await using var server = new TestServer(new HttpServerOptions
        {
            MinBodyDataRate = new MinDataRate(1000, TimeSpan.FromSeconds(1)),
            StreamRequestBodies = streamed,
        });
        using var socket = await server.ConnectAsync();
        // Started before the head goes out: the server's clock cannot start earlier, whatever delays this thread.
        var elapsed = Stopwatch.StartNew();
        await socket.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"u8.ToArray());
        var response = server.ReadAnswerWhileTricklingAsync(socket, TimeSpan.FromMilliseconds(100));
        var text = await response;
        await Assert.That(text).StartsWith("HTTP/1.1 408 Request Timeout\r\n");
        await Assert.That(text).Contains("Connection: close\r\n");
        await Assert.That(text).EndsWith("request body data arrived slower than the minimum data rate\n");
        // Not before the grace period: the rate is judged over at least that much waiting.
        await Assert.That(elapsed.Elapsed).IsGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    [Test]
    public async Task Leaves_a_slow_body_alone_when_the_rate_is_off()
    {
        await using var server = new TestServer(new HttpServerOptions { MinBodyDataRate = null, StreamRequestBodies = true });
        using var socket = await server.ConnectAsync();
        await socket.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\nConnection: close\r\n\r\n"u8.ToArray());
        foreach (var b in "slow but ok!"u8.ToArray())
        {
            await socket.SendAsync(new[] { b });
            await Task.Delay(150);
        }
        var response = await TestServer.ReadToEndAsync(socket);
        await Assert.That(response).EndsWith("\r\n\r\nslow but ok!");
    }
}
