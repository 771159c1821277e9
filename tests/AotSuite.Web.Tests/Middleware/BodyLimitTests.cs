using System.Net.Sockets;
using System.Text;

namespace AotSuite.Web.Tests.Middleware;

public sealed class BodyLimitTests
{
    [Test]
    public async Task Passes_a_body_at_the_limit_to_the_handler()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.SendAsync(app, "POST", "/small/echo", "0123456789abcdef");
        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Body).IsEqualTo("16 bytes");
    }

    [Test]
    public async Task Answers_a_body_over_the_limit_413_without_calling_the_handler()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.SendAsync(app, "POST", "/small/echo", "0123456789abcdefg");
        await Assert.That(reply.Status).IsEqualTo(413);
        await Assert.That(reply.Headers["Content-Type"]).IsEqualTo("application/problem+json");
        await Assert.That(reply.Body).Contains("\"detail\":\"the request body is 17 bytes; this route accepts at most 16\"");
        await Assert.That(app.Services.Get<Calls>().Count).IsEqualTo(0);
    }

    [Test]
    public async Task Counts_a_chunked_body_after_decoding_and_keeps_the_connection()
    {
        await using var app = MiddlewareApp.Create();
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", app.Port);
        var stream = client.GetStream();
        var request = "POST /small/echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n1\r\nX\r\n0\r\n\r\n"
            + "POST /small/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var text = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
        await Assert.That(text).StartsWith("HTTP/1.1 413 Content Too Large");
        await Assert.That(text).Contains("the request body is 17 bytes");
        await Assert.That(text).EndsWith("2 bytes");
        await Assert.That(app.Services.Get<Calls>().Count).IsEqualTo(1);
    }

    [Test]
    public async Task Leaves_routes_outside_its_group_alone()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.SendAsync(app, "POST", "/big", new string('x', 4096));
        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Body).IsEqualTo("4096 bytes");
    }

    [Test]
    public async Task Answers_curl_413()
    {
        await using var app = MiddlewareApp.Create();
        var (exit, output) = await MiddlewareApp.CurlAsync(app, "-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "0123456789abcdefghij", "{url}/small/echo");
        await Assert.That(exit).IsEqualTo(0);
        await Assert.That(output).IsEqualTo("413");
    }

    [Test]
    public async Task Refuses_a_negative_limit()
    {
        await Assert.That(() => BodyLimit.Create(-1)).Throws<ArgumentOutOfRangeException>();
    }
}
