using AotSuite.Http.Client.Tests.Peers;

namespace AotSuite.Http.Client.Tests;

/// <summary>The per-origin pool: its limit, keep-alive reuse, idle expiry.</summary>
public class PoolTests
{
    [Test]
    public async Task Never_opens_more_connections_than_the_limit_and_queues_the_rest()
    {
        await using var server = new OurServer();
        await using var client = new FetchClient(new FetchClientOptions { MaxConnectionsPerOrigin = 2 });
        var url = server.Url("/slow");
        var all = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ => await client.GetStringAsync(url)));
        await Assert.That(all).All().Satisfy(s => s.IsEqualTo("hello /slow"));
        await Assert.That(server.MaxInFlight).IsLessThanOrEqualTo(2);
        await Assert.That(client.FindPool(url)!.OpenConnections).IsLessThanOrEqualTo(2);
    }

    [Test]
    public async Task Opens_a_connection_per_concurrent_request_up_to_the_limit_then_reuses_them()
    {
        await using var server = new OurServer();
        await using var client = new FetchClient(new FetchClientOptions { MaxConnectionsPerOrigin = 8 });
        var url = server.Url("/slow");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ => await client.GetStringAsync(url)));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ => await client.GetStringAsync(url)));
        // Eight requests, never more than four at once: the second wave reuses the first wave's connections.
        await Assert.That(client.FindPool(url)!.OpenConnections).IsBetween(1, 4);
    }

    [Test]
    public async Task Closes_connections_idle_past_the_idle_timeout()
    {
        await using var server = new OurServer();
        await using var client = new FetchClient(new FetchClientOptions { IdleTimeout = TimeSpan.FromMilliseconds(200) });
        var url = server.Url("/a");
        await client.GetStringAsync(url);
        await Assert.That(client.FindPool(url)!.OpenConnections).IsEqualTo(1);
        await Task.Delay(800);
        await Assert.That(client.FindPool(url)!.OpenConnections).IsEqualTo(0);
        await Assert.That(await client.GetStringAsync(url)).IsEqualTo("hello /a");
    }

    [Test]
    public async Task Closes_the_connection_of_a_response_disposed_before_its_body_was_read()
    {
        var node = await NodeServer.SharedAsync();
        await using var client = new FetchClient();
        var url = node.Url("/big");
        using (var response = await client.GetAsync(url))
        {
            await Assert.That(response.StatusCode).IsEqualTo(200);
        }
        await Assert.That(client.FindPool(url)!.OpenConnections).IsEqualTo(0);
        await Assert.That(await client.GetStringAsync(node.Url("/hello"))).IsEqualTo("hello from node");
    }

    [Test]
    public async Task Sends_again_on_a_fresh_connection_when_a_kept_alive_one_was_closed_by_the_server()
    {
        // The raw server answers, then closes though it said keep-alive: the next request finds a dead pooled connection.
        await using var server = new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        await using var client = new FetchClient(new FetchClientOptions { Retry = new FetchRetryOptions { Limit = 0 } });
        await Assert.That(await client.GetStringAsync(server.Url())).IsEqualTo("ok");
        await Task.Delay(100);
        await Assert.That(await client.GetStringAsync(server.Url())).IsEqualTo("ok");
        await Assert.That(server.Connections).IsEqualTo(2);
    }
}
