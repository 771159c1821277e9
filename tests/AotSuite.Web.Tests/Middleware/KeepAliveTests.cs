using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace AotSuite.Web.Tests.Middleware;

/// <summary>The middleware keep per-connection state; nothing of one request may show in the next on the same connection.</summary>
public sealed class KeepAliveTests
{
    [Test]
    public async Task A_route_without_the_request_id_middleware_does_not_see_the_previous_requests_id()
    {
        await using var app = WebApp.Create(new WebAppOptions { Port = 0 });
        var traced = app.MapGroup("/traced");
        traced.Use(RequestId.Create());
        traced.MapGet("/id", (WebContext ctx) => ctx.RequestId() ?? "none");
        app.MapGet("/plain", (WebContext ctx) => ctx.RequestId() ?? "none");
        app.Start();

        var replies = await PipelineAsync(app, "GET /traced/id HTTP/1.1\r\nHost: t\r\nX-Request-Id: first\r\n\r\n", "GET /plain HTTP/1.1\r\nHost: t\r\n\r\n");
        await Assert.That(replies[0].Body).IsEqualTo("first");
        await Assert.That(replies[1].Body).IsEqualTo("none");
        await Assert.That(replies[1].Headers.ContainsKey("X-Request-Id")).IsFalse();
    }

    [Test]
    public async Task Headers_kept_for_one_failed_request_are_not_added_to_the_next()
    {
        await using var app = MiddlewareApp.Create();
        var replies = await PipelineAsync(app,
            $"GET /fail HTTP/1.1\r\nHost: t\r\nX-Request-Id: one\r\nOrigin: {MiddlewareApp.Origin}\r\n\r\n",
            "GET /fail HTTP/1.1\r\nHost: t\r\nX-Request-Id: two\r\n\r\n");
        await Assert.That(replies[0].All("X-Request-Id")).IsEquivalentTo(["one"]);
        await Assert.That(replies[0].Headers["Access-Control-Allow-Origin"]).IsEqualTo(MiddlewareApp.Origin);
        await Assert.That(replies[1].Status).IsEqualTo(500);
        await Assert.That(replies[1].All("X-Request-Id")).IsEquivalentTo(["two"]);
        await Assert.That(replies[1].Headers.ContainsKey("Access-Control-Allow-Origin")).IsFalse();
    }

    /// <summary>Sends the requests back to back on one connection (the last one closes it) and splits the answers.</summary>
    private static async Task<IReadOnlyList<Reply>> PipelineAsync(WebApp app, params string[] requests)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", app.Port);
        var stream = client.GetStream();
        requests[^1] = requests[^1].Replace("Host: t\r\n", "Host: t\r\nConnection: close\r\n", StringComparison.Ordinal);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(requests)));
        var text = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
        return [.. Regex.Split(text, @"(?=HTTP/1\.1 \d{3} )").Where(part => part.Length > 0).Select(Reply.Parse)];
    }
}
