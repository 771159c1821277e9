using System.Net.Sockets;
using System.Text;
using AotSuite.Http.Connection;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Tests.Connection;

/// <summary>Request bodies read by the handler as they arrive (HttpServerOptions.StreamRequestBodies).</summary>
public class RequestBodyStreamingTests
{
    /// <summary>A streaming server whose handler does what the path says; the tests watch it through the fields.</summary>
    private sealed class BodyServer : IAsyncDisposable
    {
        private readonly HttpServer server;

        public BodyServer(HttpServerOptions? options = null) =>
            server = HttpServer.Start(TestTransport.Apply((options ?? new HttpServerOptions()) with { StreamRequestBodies = true }), HandleAsync);

        public int Port => server.Port;

        /// <summary>Completed with the first piece the <c>/pieces</c> handler reads.</summary>
        public TaskCompletionSource<string> FirstPiece { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completed when a <c>/gated</c> handler has started (before it reads anything).</summary>
        public TaskCompletionSource HandlerStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>A <c>/gated</c> handler reads its body only once this is set.</summary>
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls;

        private async ValueTask HandleAsync(HttpContext context)
        {
            Interlocked.Increment(ref Calls);
            var request = context.Request;
            var response = context.Response;
            switch (Encoding.ASCII.GetString(request.Path))
            {
                case "/pieces":
                    // Echoes the body as "[piece][piece]…", so the test sees both the bytes and where the pieces fell.
                    var text = new StringBuilder();
                    for (var piece = await request.BodyReader.ReadAsync(); !piece.IsEmpty; piece = await request.BodyReader.ReadAsync())
                    {
                        var part = Encoding.ASCII.GetString(piece.Span);
                        FirstPiece.TrySetResult(part);
                        text.Append(part);
                    }
                    response.Write(Encoding.ASCII.GetBytes(text.ToString()));
                    break;
                case "/whole":
                    await request.ReadBodyAsync();
                    response.Write(request.Body);
                    break;
                case "/gated":
                    HandlerStarted.TrySetResult();
                    await Gate.Task;
                    await request.ReadBodyAsync();
                    response.Write(request.Body);
                    break;
                case "/refuse":
                    response.StatusCode = 413;
                    break;
                case "/body-before-read":
                    try
                    {
                        _ = request.Body.Length;
                        response.Write("no exception"u8);
                    }
                    catch (InvalidOperationException e)
                    {
                        response.Write(Encoding.ASCII.GetBytes(e.Message));
                    }
                    break;
                default:
                    response.Write("ignored the body"u8);
                    break;
            }
        }

        public async Task<Socket> ConnectAsync()
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", Port);
            return socket;
        }

        public ValueTask DisposeAsync() => server.DisposeAsync();
    }

    [Test]
    public async Task Hands_the_handler_the_first_piece_before_the_rest_of_the_body_is_sent()
    {
        await using var server = new BodyServer();
        using var socket = await server.ConnectAsync();
        await socket.SendAsync("POST /pieces HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nConnection: close\r\n\r\nhello"u8.ToArray());
        // The rest is sent only once the handler has seen the first half: a server that buffered the body would hang here.
        var first = await server.FirstPiece.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await socket.SendAsync("world"u8.ToArray());
        var response = await TestServer.ReadToEndAsync(socket);
        await Assert.That(first).IsEqualTo("hello");
        await Assert.That(response).EndsWith("\r\n\r\nhelloworld");
    }

    [Test]
    [Arguments(1)]
    [Arguments(7)]
    [Arguments(4096)]
    [DisplayName("Decodes a chunked body sent $split bytes at a time")]
    public async Task Decodes_a_chunked_body_however_it_is_split(int split)
    {
        await using var server = new BodyServer();
        using var socket = await server.ConnectAsync();
        var request = Encoding.ASCII.GetBytes(
            "POST /pieces HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
            "5;ext=1\r\nhello\r\n1\r\n,\r\n10\r\n streamed chunks\r\n0\r\nX-Trailer: yes\r\n\r\n");
        for (var offset = 0; offset < request.Length; offset += split)
        {
            await socket.SendAsync(request.AsMemory(offset, Math.Min(split, request.Length - offset)));
        }
        var response = await TestServer.ReadToEndAsync(socket);
        await Assert.That(response).EndsWith("\r\n\r\nhello, streamed chunks");
    }

    [Test]
    public async Task Sends_100_continue_only_when_the_handler_starts_reading()
    {
        await using var server = new BodyServer();
        using var socket = await server.ConnectAsync();
        await socket.SendAsync("POST /gated HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"u8.ToArray());
        await server.HandlerStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // The handler runs but has not read: no 100 may have gone out (a server that sent it with the head would fail here).
        var early = socket.Poll(TimeSpan.FromMilliseconds(200), SelectMode.SelectRead);
        server.Gate.SetResult();
        var interim = await TestServer.ReadUntilAsync(socket, "\r\n\r\n");
        await socket.SendAsync("ping"u8.ToArray());
        var response = await TestServer.ReadToEndAsync(socket);
        await Assert.That(early).IsFalse();
        await Assert.That(interim).IsEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        await Assert.That(response).EndsWith("\r\n\r\nping");
    }

    [Test]
    public async Task Answers_a_refusal_without_100_continue_and_closes_the_connection()
    {
        await using var server = new BodyServer();
        using var socket = await server.ConnectAsync();
        await socket.SendAsync("POST /refuse HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n"u8.ToArray());
        // The client never sends the body it was not invited to send; the answer comes anyway, and the connection ends.
        var response = await TestServer.ReadToEndAsync(socket);
        await Assert.That(response).StartsWith("HTTP/1.1 413 Content Too Large\r\n");
        await Assert.That(response).Contains("Connection: close\r\n");
        await Assert.That(response).DoesNotContain("100 Continue");
    }

    [Test]
    public async Task Refuses_a_declared_length_over_the_limit_before_calling_the_handler()
    {
        await using var server = new BodyServer(new HttpServerOptions { Limits = new HttpLimits { MaxBodyBytes = 10 } });
        using var socket = await server.ConnectAsync();
        await socket.SendAsync("POST /pieces HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n"u8.ToArray());
        var response = await TestServer.ReadToEndAsync(socket);
        await Assert.That(response).StartsWith("HTTP/1.1 413 Content Too Large\r\n");
        await Assert.That(server.Calls).IsEqualTo(0);
    }

    [Test]
    public async Task Cuts_off_a_chunked_body_that_grows_past_the_limit_with_413()
    {
        await using var server = new BodyServer(new HttpServerOptions { Limits = new HttpLimits { MaxBodyBytes = 20 } });
        using var socket = await server.ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /pieces HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n8\r\n12345678\r\n"));
        var response = await TestServer.ReadToEndAsync(socket);
        await Assert.That(response).StartsWith("HTTP/1.1 413 Content Too Large\r\n");
        await Assert.That(response).Contains("Connection: close\r\n");
        await Assert.That(server.Calls).IsEqualTo(1);
    }

    [Test]
    public async Task Reads_and_drops_a_body_the_handler_ignored_and_serves_the_next_request()
    {
        await using var server = new BodyServer();
        var response = await SendAsync(server,
            "POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde" +
            "POST /ignore HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" +
            "POST /whole HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nConnection: close\r\n\r\nlast");
        await Assert.That(response.Split("ignored the body").Length).IsEqualTo(3);
        await Assert.That(response).EndsWith("\r\n\r\nlast");
    }

    [Test]
    public async Task Explains_that_Body_needs_ReadBodyAsync_when_bodies_are_streamed()
    {
        await using var server = new BodyServer();
        var response = await SendAsync(server, "POST /body-before-read HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
        await Assert.That(response).EndsWith("await Request.ReadBodyAsync() first, or read it as it arrives from Request.BodyReader");
    }

    [Test]
    public async Task Answers_400_when_the_client_ends_the_connection_inside_the_body()
    {
        await using var server = new BodyServer();
        using var socket = await server.ConnectAsync();
        await socket.SendAsync("POST /whole HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"u8.ToArray());
        socket.Shutdown(SocketShutdown.Send);
        var response = await TestServer.ReadToEndAsync(socket);
        await Assert.That(response).StartsWith("HTTP/1.1 400 Bad Request\r\n");
        await Assert.That(response).EndsWith("the connection ended before the request body did\n");
    }

    [Test]
    public async Task Echoes_a_large_upload_to_curl_that_waits_for_100_continue()
    {
        await using var server = new BodyServer();
        var path = Path.Combine(Path.GetTempPath(), $"aotsuite-upload-{Guid.NewGuid():N}.txt");
        var body = string.Concat(Enumerable.Range(0, 40_000).Select(static i => $"line {i}\n"));
        await File.WriteAllTextAsync(path, body);
        try
        {
            var (exit, output) = await TestServer.CurlAsync(server.Port, "-sS", "--max-time", "20", "-H", "Expect: 100-continue", "--data-binary", $"@{path}",
                "http://127.0.0.1:{port}/pieces");
            await Assert.That(exit).IsEqualTo(0);
            await Assert.That(output.Length).IsEqualTo(body.Length);
            await Assert.That(output == body).IsTrue();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task Echoes_a_chunked_upload_from_nodes_http_client()
    {
        await using var server = new BodyServer();
        // Node sends the head, then each write as a chunk; the second write waits on nothing but a timer.
        var script = $$"""
            const req = require("http").request({ host: "127.0.0.1", port: {{server.Port}}, method: "POST", path: "/pieces" }, (res) => {
              let body = ""; res.setEncoding("utf8"); res.on("data", (d) => body += d); res.on("end", () => process.stdout.write(res.statusCode + " " + body));
            });
            req.write("from ");
            setTimeout(() => { req.write("node's http"); req.end(); }, 50);
            """;
        var info = new System.Diagnostics.ProcessStartInfo("node") { RedirectStandardOutput = true };
        info.ArgumentList.Add("-e");
        info.ArgumentList.Add(script);
        using var node = System.Diagnostics.Process.Start(info)!;
        var output = await node.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await node.WaitForExitAsync();
        await Assert.That(output).IsEqualTo("200 from node's http");
    }

    private static async Task<string> SendAsync(BodyServer server, string request)
    {
        using var socket = await server.ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        return await TestServer.ReadToEndAsync(socket);
    }
}
