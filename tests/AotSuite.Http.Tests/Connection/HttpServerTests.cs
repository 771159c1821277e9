using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Tests.Connection;

public partial class HttpServerTests
{
    [Test]
    public async Task Answers_a_get_with_status_date_length_and_body()
    {
        await using var server = new TestServer();
        var response = await server.SendAsync("GET /a?b=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        await Assert.That(response).StartsWith("HTTP/1.1 200 OK\r\nDate: ");
        await Assert.That(DateLine().IsMatch(response)).IsTrue();
        await Assert.That(response).Contains("\r\nContent-Length: 12\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nhello /a?b=1");
    }

    [Test]
    public async Task Answers_pipelined_requests_in_order_on_one_connection()
    {
        await using var server = new TestServer();
        var response = await server.SendAsync(
            "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var bodies = Regex.Matches(response, "hello (/\\d)").Select(m => m.Groups[1].Value);
        await Assert.That(bodies).IsEquivalentTo(new[] { "/1", "/2", "/3" });
        await Assert.That(Regex.Matches(response, "HTTP/1.1 200 OK").Count).IsEqualTo(3);
    }

    [Test]
    public async Task Keeps_a_connection_alive_between_requests_sent_apart()
    {
        await using var server = new TestServer();
        using var socket = await server.ConnectAsync();
        await socket.SendAsync("GET /first HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        var first = await TestServer.ReadUntilAsync(socket, "hello /first");
        await socket.SendAsync("GET /second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8.ToArray());
        var second = await TestServer.ReadToEndAsync(socket);
        await Assert.That(first).DoesNotContain("Connection: close");
        await Assert.That(second).EndsWith("hello /second");
    }

    [Test]
    public async Task Echoes_a_content_length_body_and_a_chunked_body()
    {
        await using var server = new TestServer();
        var fixedBody = await server.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world");
        var chunked = await server.SendAsync(
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        await Assert.That(fixedBody).EndsWith("Content-Length: 11\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nhello world");
        await Assert.That(chunked).EndsWith("\r\n\r\nhello world");
    }

    [Test]
    public async Task Sends_no_body_for_head_but_the_length_it_would_have()
    {
        await using var server = new TestServer();
        var response = await server.SendAsync("HEAD /abc HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        await Assert.That(response).Contains("Content-Length: 10\r\n");
        await Assert.That(response).EndsWith("\r\n\r\n");
    }

    [Test]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", "400 Bad Request")]
    [Arguments("GET / HTTP/1.1\r\nHost : x\r\n\r\n", "400 Bad Request")]
    [Arguments("GET / HTTP/2.0\r\nHost: x\r\n\r\n", "505 HTTP Version Not Supported")]
    [Arguments("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "501 Not Implemented")]
    public async Task Rejects_a_bad_request_closes_that_connection_and_keeps_serving(string request, string status)
    {
        await using var server = new TestServer();
        var rejected = await server.SendAsync(request);
        await Assert.That(rejected).StartsWith($"HTTP/1.1 {status}\r\n");
        await Assert.That(rejected).Contains("Connection: close\r\n");
        var next = await server.SendAsync("GET /still-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        await Assert.That(next).EndsWith("hello /still-here");
    }

    [Test]
    public async Task Refuses_an_oversized_request_line_with_414_before_it_ends()
    {
        await using var server = new TestServer(new HttpServerOptions { Limits = new() { MaxRequestLineBytes = 1024 } });
        using var socket = await server.ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /" + new string('a', 4000)));
        var response = await TestServer.ReadToEndAsync(socket);
        await Assert.That(response).StartsWith("HTTP/1.1 414 URI Too Long\r\n");
    }

    [Test]
    public async Task Sends_100_continue_before_the_client_sends_its_body()
    {
        await using var server = new TestServer();
        using var socket = await server.ConnectAsync();
        await socket.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"u8.ToArray());
        var interim = await TestServer.ReadUntilAsync(socket, "\r\n\r\n");
        await Assert.That(interim).IsEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        await socket.SendAsync("ping"u8.ToArray());
        await Assert.That(await TestServer.ReadToEndAsync(socket)).EndsWith("\r\n\r\nping");
    }

    [Test]
    public async Task Answers_500_when_the_handler_throws_and_keeps_the_connection()
    {
        await using var server = new TestServer();
        var response = await server.SendAsync("GET /boom HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        await Assert.That(response).StartsWith("HTTP/1.1 500 Internal Server Error\r\n");
        await Assert.That(response).EndsWith("hello /after");
    }

    [Test]
    public async Task Closes_a_connection_whose_head_does_not_arrive_in_time()
    {
        await using var server = new TestServer(new HttpServerOptions { HeadersTimeout = TimeSpan.FromMilliseconds(300) });
        using var socket = await server.ConnectAsync();
        await socket.SendAsync("GET / HTTP/1.1\r\nHo"u8.ToArray());
        var response = await TestServer.ReadToEndAsync(socket, TimeSpan.FromSeconds(5));
        await Assert.That(response).IsEmpty();
    }

    [Test]
    public async Task Closes_a_keep_alive_connection_left_idle_past_its_limit()
    {
        await using var server = new TestServer(new HttpServerOptions { KeepAliveTimeout = TimeSpan.FromMilliseconds(300) });
        using var socket = await server.ConnectAsync();
        await socket.SendAsync("GET /once HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        var started = System.Diagnostics.Stopwatch.StartNew();
        var everything = await TestServer.ReadToEndAsync(socket, TimeSpan.FromSeconds(5));
        await Assert.That(everything).EndsWith("hello /once");
        await Assert.That(started.Elapsed).IsLessThan(TimeSpan.FromSeconds(3));
    }

    [Test]
    public async Task Answers_408_and_closes_a_connection_whose_body_stalls()
    {
        await using var server = new TestServer(new HttpServerOptions { BodyTimeout = TimeSpan.FromMilliseconds(300) });
        using var socket = await server.ConnectAsync();
        await socket.SendAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"u8.ToArray());
        var response = await TestServer.ReadToEndAsync(socket, TimeSpan.FromSeconds(10));
        await Assert.That(response).StartsWith("HTTP/1.1 408 Request Timeout\r\n");
        await Assert.That(response).Contains("Connection: close\r\n");
        await Assert.That(response).EndsWith("no request body data arrived within the body timeout\n");
    }

    [Test]
    public async Task Serves_curl()
    {
        await using var server = new TestServer();
        var (exitCode, output) = await server.CurlAsync("-sS", "--max-time", "10", "--data-binary", "from curl", "http://127.0.0.1:{port}/echo");
        await Assert.That(exitCode).IsEqualTo(0);
        await Assert.That(output).IsEqualTo("from curl");
    }

    [GeneratedRegex(@"\r\nDate: [A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\r\n")]
    private static partial Regex DateLine();
}
