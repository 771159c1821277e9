using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Tests.Connection;

/// <summary>Streamed responses: chunked and Content-Length bodies, HEAD, aborts, backpressure and sendfile.</summary>
public class HttpResponseStreamingTests
{
    private static readonly byte[] Large = RandomBytes(5 * 1024 * 1024 + 123, seed: 5);

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A server whose handler streams in the ways the tests name by path.</summary>
    private sealed class StreamingServer : IAsyncDisposable
    {
        private readonly HttpServer server;
        private readonly string filePath;

        public StreamingServer()
        {
            filePath = Path.Combine(Path.GetTempPath(), $"aotsuite-sendfile-{Guid.NewGuid():N}.bin");
            File.WriteAllBytes(filePath, Large);
            server = HttpServer.Start(TestTransport.Apply(new HttpServerOptions { ShutdownTimeout = TimeSpan.FromSeconds(2) }), HandleAsync);
        }

        public int Port => server.Port;

        /// <summary>Bytes the <c>/flood</c> handler has handed to WriteAsync and seen complete.</summary>
        public long Flooded;

        public TaskCompletionSource FloodDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private async ValueTask HandleAsync(HttpContext context)
        {
            var response = context.Response;
            var path = Encoding.ASCII.GetString(context.Request.Path);
            switch (path)
            {
                case "/chunks":
                    response.AddHeader("Content-Type"u8, "text/plain"u8);
                    await response.WriteAsync("one,"u8.ToArray());
                    await response.WriteAsync("two,"u8.ToArray());
                    await response.WriteAsync(ReadOnlyMemory<byte>.Empty);
                    response.Write("three"u8);
                    break;
                case "/known":
                    response.Write("ab"u8);
                    await response.StartAsync(5);
                    await response.WriteAsync("cde"u8.ToArray());
                    break;
                case "/short":
                    await response.StartAsync(10);
                    await response.WriteAsync("abc"u8.ToArray());
                    break;
                case "/too-long":
                    await response.StartAsync(2);
                    await response.WriteAsync("abc"u8.ToArray());
                    break;
                case "/throw-after-start":
                    await response.WriteAsync("partial"u8.ToArray());
                    throw new InvalidOperationException("handler failed mid-body");
                case "/no-content":
                    response.StatusCode = 204;
                    await response.StartAsync();
                    break;
                case "/no-content-buffered":
                    response.StatusCode = 204;
                    break;
                case "/not-modified":
                    response.StatusCode = 304;
                    response.AddHeader("ETag"u8, "\"x\""u8);
                    await response.StartAsync(42);
                    break;
                case "/flood":
                    var block = new byte[256 * 1024];
                    try
                    {
                        for (var i = 0; i < 256; i++)
                        {
                            await response.WriteAsync(block);
                            Interlocked.Add(ref Flooded, block.Length);
                        }
                    }
                    finally
                    {
                        FloodDone.TrySetResult();
                    }
                    break;
                default:
                    if (path.StartsWith("/file", StringComparison.Ordinal))
                    {
                        // /file, /file-range (offset 1000, 3 MB: sendfile), /file-small (offset 7, 1000 bytes: read into
                        // the pipe), /file-sync (a handle without async I/O: read into the pipe), /file-chunked (the head
                        // first, then the file as one chunk)
                        using var file = File.OpenHandle(filePath, options: path == "/file-sync" ? FileOptions.None : FileOptions.Asynchronous);
                        switch (path)
                        {
                            case "/file" or "/file-sync": await response.SendFileAsync(file, 0, Large.Length); break;
                            case "/file-range": await response.SendFileAsync(file, 1000, 3_000_000); break;
                            case "/file-small": await response.SendFileAsync(file, 7, 1000); break;
                            case "/file-chunked":
                                await response.StartAsync();
                                await response.SendFileAsync(file, 0, Large.Length);
                                await response.SendFileAsync(file, 0, 10);
                                break;
                        }
                        break;
                    }
                    response.Write("plain "u8);
                    response.Write(context.Request.Path);
                    break;
            }
        }

        public async Task<Socket> ConnectAsync()
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", Port);
            return socket;
        }

        public async Task<byte[]> SendAsync(string request)
        {
            using var socket = await ConnectAsync();
            await socket.SendAsync(Encoding.ASCII.GetBytes(request));
            return await ReadToEndAsync(socket);
        }

        public async ValueTask DisposeAsync()
        {
            await server.DisposeAsync();
            File.Delete(filePath);
        }
    }

    private static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            if (n == 0) return received.ToArray();
            received.Write(buffer, 0, n);
        }
    }

    private static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    private static async Task<(int ExitCode, byte[] Output)> CurlAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(output);
        await process.WaitForExitAsync();
        return (process.ExitCode, output.ToArray());
    }

    [Test]
    public async Task Sends_a_chunked_body_with_exact_framing_and_keeps_the_connection()
    {
        await using var server = new StreamingServer();
        var response = Text(await server.SendAsync(
            "GET /chunks HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        await Assert.That(response).StartsWith("HTTP/1.1 200 OK\r\nDate: ");
        await Assert.That(response).Contains("\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n4\r\none,\r\n4\r\ntwo,\r\n5\r\nthree\r\n0\r\n\r\nHTTP/1.1 200 OK");
        await Assert.That(response[..response.IndexOf("\r\n0\r\n\r\n", StringComparison.Ordinal)]).DoesNotContain("Content-Length");
        await Assert.That(response).EndsWith("plain /after");
    }

    [Test]
    public async Task Curl_reads_a_chunked_body()
    {
        await using var server = new StreamingServer();
        var (code, output) = await CurlAsync("-sS", "--max-time", "10", $"http://127.0.0.1:{server.Port}/chunks");
        await Assert.That(code).IsEqualTo(0);
        await Assert.That(Text(output)).IsEqualTo("one,two,three");
    }

    [Test]
    public async Task Node_reads_chunked_and_sendfile_bodies_on_one_keep_alive_connection()
    {
        await using var server = new StreamingServer();
        const string Script = """
            const http = require('http');
            const crypto = require('crypto');
            const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
            const port = Number(process.argv[1]);
            function call(path) {
              return new Promise((resolve, reject) => {
                http.get({ host: '127.0.0.1', port, path, agent }, res => {
                  const parts = [];
                  res.on('data', c => parts.push(c));
                  res.on('end', () => {
                    const body = Buffer.concat(parts);
                    resolve(res.statusCode + ' ' + (res.headers['transfer-encoding'] || res.headers['content-length']) + ' ' +
                      (body.length > 100 ? crypto.createHash('sha256').update(body).digest('hex') : body.toString()));
                  });
                }).on('error', reject);
              });
            }
            (async () => {
              const out = [await call('/chunks'), await call('/file'), await call('/file-chunked'), await call('/known')];
              console.log(out.join('|'));
              agent.destroy();
            })().catch(e => { console.error(e); process.exit(1); });
            """;
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-e");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(server.Port.ToString());
        using var node = Process.Start(info)!;
        var output = await node.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await node.WaitForExitAsync();
        await Assert.That(node.ExitCode).IsEqualTo(0);
        var large = Convert.ToHexStringLower(SHA256.HashData(Large));
        var largeTwice = Convert.ToHexStringLower(SHA256.HashData([.. Large, .. Large.AsSpan(0, 10)]));
        await Assert.That(output.Trim()).IsEqualTo($"200 chunked one,two,three|200 {Large.Length} {large}|200 chunked {largeTwice}|200 5 abcde");
    }

    [Test]
    public async Task Sends_a_content_length_body_that_includes_what_was_buffered_before_the_start()
    {
        await using var server = new StreamingServer();
        var response = Text(await server.SendAsync("GET /known HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        await Assert.That(response).Contains("\r\nContent-Length: 5\r\nConnection: close\r\n\r\nabcde");
        await Assert.That(response).EndsWith("\r\n\r\nabcde");
    }

    [Test]
    public async Task Sends_the_head_and_no_body_for_head_requests_and_serves_the_next_request()
    {
        await using var server = new StreamingServer();
        var response = Text(await server.SendAsync(
            "HEAD /chunks HTTP/1.1\r\nHost: x\r\n\r\nHEAD /known HTTP/1.1\r\nHost: x\r\n\r\nHEAD /file HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        var heads = response.Split("HTTP/1.1 ", StringSplitOptions.RemoveEmptyEntries);
        await Assert.That(heads.Length).IsEqualTo(4);
        await Assert.That(heads[0]).EndsWith("Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n");
        await Assert.That(heads[1]).EndsWith("Content-Length: 5\r\n\r\n");
        await Assert.That(heads[2]).EndsWith($"Content-Length: {Large.Length}\r\n\r\n");
        await Assert.That(heads[3]).EndsWith("plain /after");
    }

    [Test]
    public async Task Cuts_the_connection_when_the_handler_throws_after_the_head_went_out()
    {
        await using var server = new StreamingServer();
        var response = Text(await server.SendAsync(
            "GET /throw-after-start HTTP/1.1\r\nHost: x\r\n\r\nGET /never HTTP/1.1\r\nHost: x\r\n\r\n"));
        await Assert.That(response).StartsWith("HTTP/1.1 200 OK\r\n");
        await Assert.That(response).EndsWith("\r\n\r\n7\r\npartial\r\n");
        await Assert.That(response).DoesNotContain("500");
        await Assert.That(response).DoesNotContain("/never");
        var (code, _) = await CurlAsync("-sS", "--max-time", "10", $"http://127.0.0.1:{server.Port}/throw-after-start");
        await Assert.That(code).IsNotEqualTo(0);
    }

    [Test]
    public async Task Cuts_the_connection_when_a_content_length_body_ends_short()
    {
        await using var server = new StreamingServer();
        var response = Text(await server.SendAsync("GET /short HTTP/1.1\r\nHost: x\r\n\r\nGET /never HTTP/1.1\r\nHost: x\r\n\r\n"));
        await Assert.That(response).Contains("Content-Length: 10\r\n");
        await Assert.That(response).EndsWith("\r\n\r\nabc");
        var (code, _) = await CurlAsync("-sS", "--max-time", "10", $"http://127.0.0.1:{server.Port}/short");
        await Assert.That(code).IsEqualTo(18); // CURLE_PARTIAL_FILE
    }

    [Test]
    public async Task Cuts_the_connection_when_a_handler_writes_past_its_content_length()
    {
        await using var server = new StreamingServer();
        var response = Text(await server.SendAsync("GET /too-long HTTP/1.1\r\nHost: x\r\n\r\nGET /never HTTP/1.1\r\nHost: x\r\n\r\n"));
        await Assert.That(response).Contains("Content-Length: 2\r\n");
        await Assert.That(response).EndsWith("\r\n\r\n");
        await Assert.That(response).DoesNotContain("/never");
    }

    [Test]
    [Arguments("/no-content")]
    [Arguments("/no-content-buffered")]
    [Arguments("/not-modified")]
    [DisplayName("Sends no Content-Length and no body for $path")]
    public async Task Sends_no_length_and_no_body_for_204_and_304(string path)
    {
        await using var server = new StreamingServer();
        var response = Text(await server.SendAsync($"GET {path} HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        await Assert.That(response).StartsWith(path == "/not-modified" ? "HTTP/1.1 304 Not Modified\r\n" : "HTTP/1.1 204 No Content\r\n");
        var first = response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        await Assert.That(first).DoesNotContain("Content-Length");
        await Assert.That(first).DoesNotContain("Transfer-Encoding");
        await Assert.That(response[(first.Length + 4)..]).StartsWith("HTTP/1.1 200 OK");
    }

    [Test]
    public async Task Ends_an_http_1_0_stream_of_unknown_length_by_closing()
    {
        await using var server = new StreamingServer();
        var response = Text(await server.SendAsync("GET /chunks HTTP/1.0\r\n\r\n"));
        await Assert.That(response).DoesNotContain("Transfer-Encoding");
        await Assert.That(response).DoesNotContain("Content-Length");
        await Assert.That(response).Contains("Connection: close\r\n");
        await Assert.That(response).EndsWith("\r\n\r\none,two,three");
    }

    [Test]
    public async Task Holds_the_handler_while_a_client_does_not_read_and_bounds_what_is_buffered()
    {
        await using var server = new StreamingServer();
        using var socket = await server.ConnectAsync();
        socket.ReceiveBufferSize = 64 * 1024;
        await socket.SendAsync("GET /flood HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8.ToArray());
        // 64 MiB to send; the socket buffers hold a few MiB at most, so the handler must stall well before the end.
        // Wait until it has (no progress across half a second), however slow a busy machine is to get there.
        // Three still readings in a row: a loaded machine can pause the handler for one reading without it having stalled.
        long last = -1;
        for (int i = 0, still = 0; i < 60 && still < 3; i++)
        {
            var now = Interlocked.Read(ref server.Flooded);
            still = now == last && now > 0 ? still + 1 : 0;
            last = now;
            await Task.Delay(500);
        }
        await Assert.That(Interlocked.Read(ref server.Flooded)).IsLessThan(16L * 1024 * 1024);
        await Assert.That(server.FloodDone.Task.IsCompleted).IsFalse();

        var everything = await ReadToEndAsync(socket);
        await server.FloodDone.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.That(Interlocked.Read(ref server.Flooded)).IsEqualTo(64L * 1024 * 1024);
        var bodyStart = Text(everything[..1024]).IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        // 256 chunks of 256 KiB: "40000\r\n" + data + "\r\n" each, then "0\r\n\r\n".
        await Assert.That(everything.Length - bodyStart).IsEqualTo(256 * (7 + 256 * 1024 + 2) + 5);
    }

    [Test]
    [Arguments("/file", 0, 5 * 1024 * 1024 + 123)]
    [Arguments("/file-range", 1000, 3_000_000)]
    [Arguments("/file-small", 7, 1000)]
    [Arguments("/file-sync", 0, 5 * 1024 * 1024 + 123)]
    [DisplayName("Sends $path byte for byte (offset $offset, $count bytes)")]
    public async Task Sends_a_file_byte_for_byte(string path, int offset, int count)
    {
        await using var server = new StreamingServer();
        var target = Path.Combine(Path.GetTempPath(), $"aotsuite-received-{Guid.NewGuid():N}.bin");
        try
        {
            var (code, _) = await CurlAsync("-sS", "--max-time", "20", "-o", target, $"http://127.0.0.1:{server.Port}{path}");
            await Assert.That(code).IsEqualTo(0);
            var received = await File.ReadAllBytesAsync(target);
            await Assert.That(received.Length).IsEqualTo(count);
            await Assert.That(received.AsSpan().SequenceEqual(Large.AsSpan(offset, count))).IsTrue();
        }
        finally
        {
            File.Delete(target);
        }
    }

    [Test]
    public async Task Sends_a_file_as_a_chunk_after_a_chunked_start()
    {
        await using var server = new StreamingServer();
        var response = await server.SendAsync("GET /file-chunked HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var text = Text(response[..1024]);
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var firstHeader = $"{Large.Length:X}\r\n";
        await Assert.That(text[bodyStart..]).StartsWith(firstHeader);
        var dataStart = bodyStart + firstHeader.Length;
        await Assert.That(response.AsSpan(dataStart, Large.Length).SequenceEqual(Large)).IsTrue();
        await Assert.That(Text(response[(dataStart + Large.Length)..])).IsEqualTo("\r\nA\r\n" + Text(Large[..10]) + "\r\n0\r\n\r\n");
    }
}
