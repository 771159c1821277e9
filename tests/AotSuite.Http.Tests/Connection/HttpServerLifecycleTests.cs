using System.Net;
using System.Net.Sockets;
using System.Text;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Tests.Connection;

public class HttpServerLifecycleTests
{
    private const string Close = "GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    [Test]
    public async Task Listens_on_the_IPv6_loopback()
    {
        await using var server = new TestServer(new HttpServerOptions { EndPoint = new IPEndPoint(IPAddress.IPv6Loopback, 0) });
        using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.IPv6Loopback, server.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(Close));
        await Assert.That(await TestServer.ReadToEndAsync(socket)).EndsWith("hello /x");
    }

    [Test]
    public async Task Listens_on_a_unix_domain_socket_that_curl_can_reach()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aotsuite-{Guid.NewGuid():n}.sock");
        await using (var server = new TestServer(new HttpServerOptions { EndPoint = new UnixDomainSocketEndPoint(path) }))
        {
            var (exitCode, output) = await server.CurlAsync("-sS", "--max-time", "5", "--unix-socket", path, "http://localhost/uds");
            await Assert.That(exitCode).IsEqualTo(0);
            await Assert.That(output).IsEqualTo("hello /uds");
        }
        await Assert.That(File.Exists(path)).IsFalse();
    }

    [Test]
    public async Task Lets_two_servers_share_a_port_with_SO_REUSEPORT()
    {
        await using var first = new TestServer(new HttpServerOptions { ReusePort = true });
        await using var second = new TestServer(new HttpServerOptions { ReusePort = true, EndPoint = new IPEndPoint(IPAddress.Loopback, first.Port) });
        await Assert.That(second.Port).IsEqualTo(first.Port);
        for (var i = 0; i < 4; i++) await Assert.That(await first.SendAsync(Close)).EndsWith("hello /x");
    }

    [Test]
    public async Task Closes_connections_beyond_the_limit_and_serves_the_ones_it_holds()
    {
        await using var server = new TestServer(new HttpServerOptions { MaxConnections = 1 });
        using var held = await server.ConnectAsync();
        await held.SendAsync("GET /held HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        await TestServer.ReadUntilAsync(held, "hello /held");
        using var extra = await server.ConnectAsync();
        await Assert.That(await TestServer.ReadToEndAsync(extra)).IsEmpty();
        await held.SendAsync(Encoding.ASCII.GetBytes(Close));
        await Assert.That(await TestServer.ReadToEndAsync(held)).EndsWith("hello /x");
    }

    [Test]
    public async Task Answers_the_request_in_flight_with_connection_close_when_stopping()
    {
        var server = new TestServer();
        using var busy = await server.ConnectAsync();
        await busy.SendAsync("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        using var idle = await server.ConnectAsync();
        await server.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(5));

        var stopped = server.DisposeAsync().AsTask();
        await Assert.That(await TestServer.ReadToEndAsync(idle)).IsEmpty();
        await Assert.That(stopped.IsCompleted).IsFalse();
        server.Gate.SetResult();
        var answer = await TestServer.ReadToEndAsync(busy);
        await stopped.WaitAsync(TimeSpan.FromSeconds(5));
        await Assert.That(answer).StartsWith("HTTP/1.1 200 OK\r\n");
        await Assert.That(answer).Contains("Connection: close\r\n");
        await Assert.That(answer).EndsWith("hello /slow");
    }

    [Test]
    public async Task Answers_every_request_sent_before_the_stop_including_connections_not_yet_accepted()
    {
        var server = new TestServer();
        var clients = new List<Socket>();
        try
        {
            // The last of these are still in the listener's backlog, or accepted but not yet reading, when the stop begins.
            for (var i = 0; i < 200; i++)
            {
                var client = await server.ConnectAsync();
                clients.Add(client);
                await client.SendAsync(Encoding.ASCII.GetBytes($"GET /{i} HTTP/1.1\r\nHost: x\r\n\r\n"));
            }
            await server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            var answers = await Task.WhenAll(clients.Select(static client => TestServer.ReadToEndAsync(client)));
            for (var i = 0; i < answers.Length; i++) await Assert.That(answers[i]).EndsWith($"hello /{i}").Because($"connection {i}");
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    [Test]
    public async Task Cuts_off_requests_still_running_at_the_shutdown_deadline()
    {
        var server = new TestServer(new HttpServerOptions { ShutdownTimeout = TimeSpan.FromMilliseconds(200) });
        using var busy = await server.ConnectAsync();
        await busy.SendAsync("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        await server.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var stopping = server.DisposeAsync().AsTask();
        // The handler never finishes on its own; the deadline ends the connection, then the handler is released.
        var answer = await TestServer.ReadToEndAsync(busy, TimeSpan.FromSeconds(5));
        server.Gate.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(5));
        await Assert.That(answer).IsEmpty();
    }
}
