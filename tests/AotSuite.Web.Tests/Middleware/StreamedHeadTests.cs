using System.Net.Sockets;

namespace AotSuite.Web.Tests.Middleware;

/// <summary>A streamed answer's head leaves before the middleware's way out: the CORS and request-id fields must ride on it.</summary>
public sealed class StreamedHeadTests
{
    [Test]
    public async Task A_streamed_answer_carries_the_request_id_and_the_CORS_fields()
    {
        await using var app = MiddlewareApp.Create();
        var (exit, output) = await MiddlewareApp.CurlAsync(app, "-i", "-H", "Origin: " + MiddlewareApp.Origin, "{url}/stream");
        await Assert.That(exit).IsEqualTo(0);
        var reply = Reply.Parse(output);
        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Headers["Transfer-Encoding"]).IsEqualTo("chunked");
        await Assert.That(reply.Headers["Access-Control-Allow-Origin"]).IsEqualTo(MiddlewareApp.Origin);
        await Assert.That(reply.Headers["Access-Control-Allow-Credentials"]).IsEqualTo("true");
        await Assert.That(reply.All("Vary")).IsEquivalentTo(["Origin"]);
        var id = reply.Headers["X-Request-Id"];
        await Assert.That(id).Matches("^[0-9a-f]{32}$");
        await Assert.That(reply.Body).IsEqualTo("streamed " + id);
    }

    [Test]
    public async Task Each_field_is_sent_once_on_a_buffered_answer_after_a_streamed_one_on_the_same_connection()
    {
        await using var app = MiddlewareApp.Create();
        var (exit, output) = await MiddlewareApp.CurlAsync(app, "-i", "-H", "Origin: " + MiddlewareApp.Origin, "{url}/stream", "{url}/id");
        await Assert.That(exit).IsEqualTo(0);
        var second = Reply.Parse(output[output.LastIndexOf("HTTP/1.1 ", StringComparison.Ordinal)..]);
        await Assert.That(second.Status).IsEqualTo(200);
        await Assert.That(second.All("X-Request-Id")).IsEquivalentTo([second.Body]);
        await Assert.That(second.All("Access-Control-Allow-Origin")).IsEquivalentTo([MiddlewareApp.Origin]);
    }

    [Test]
    public async Task The_context_knows_the_client_address()
    {
        await using var app = MiddlewareApp.Create();
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync("127.0.0.1", app.Port);
        var local = client.Client.LocalEndPoint!.ToString();
        var stream = client.GetStream();
        await stream.WriteAsync("GET /peer HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"u8.ToArray());
        using var reader = new StreamReader(stream);
        var reply = Reply.Parse(await reader.ReadToEndAsync());
        await Assert.That(reply.Body).IsEqualTo(local);
    }
}
