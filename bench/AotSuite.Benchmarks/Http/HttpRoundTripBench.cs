using System.Runtime.CompilerServices;
using System.Text;
using AotSuite.Http.Connection;
using AotSuite.Http.Tests.Connection;
using BenchmarkDotNet.Attributes;

namespace AotSuite.Benchmarks.Http;

/// <summary>
/// One keep-alive request through the server's connection code (HttpConnection: head parsing, framing, body reading,
/// handler, response writing) over two in-memory pipes, no socket: the per-request cost of the server itself. A GET
/// answered from a buffer, and a chunked POST whose body the handler streams back as it reads it. No peer baseline:
/// Kestrel's connection classes are internal to its assembly and need its whole host to run.
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("http-roundtrip")]
public class HttpRoundTripBench
{
    private InMemoryConnection plaintext = null!;
    private InMemoryConnection echo = null!;
    private byte[] get = [];
    private byte[] post = [];
    private int getLength;
    private int postLength;

    [GlobalSetup]
    public void Setup()
    {
        plaintext = new InMemoryConnection(static context =>
        {
            context.Response.AddHeader("Content-Type"u8, "text/plain"u8);
            context.Response.Write("Hello, World!"u8);
            return ValueTask.CompletedTask;
        });
        echo = new InMemoryConnection(EchoAsync, new HttpServerOptions { StreamRequestBodies = true });
        get = Encoding.ASCII.GetBytes("GET /plaintext HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\nConnection: keep-alive\r\n\r\n");
        post = Encoding.ASCII.GetBytes(
            "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
            "19\r\n{\"name\":\"ada\",\"id\":12345}\r\n0\r\n\r\n");
        getLength = LengthOfOk(plaintext.First(get));
        postLength = LengthOfOk(echo.First(post));
    }

    private static int LengthOfOk(string response) => response.StartsWith("HTTP/1.1 200 OK\r\n", StringComparison.Ordinal)
        ? Encoding.ASCII.GetByteCount(response)
        : throw new InvalidOperationException($"the fixture's request was not answered 200: {response}");

    [GlobalCleanup]
    public void Cleanup()
    {
        plaintext.Dispose();
        echo.Dispose();
    }

    [Benchmark]
    public long Get_plaintext() => plaintext.RoundTrip(get, getLength);

    [Benchmark]
    public long Post_chunked_echo_streamed() => echo.RoundTrip(post, postLength);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask EchoAsync(HttpContext context)
    {
        var body = context.Request.BodyReader;
        var piece = await body.ReadAsync();
        context.Response.AddHeader("Content-Type"u8, "application/json"u8);
        await context.Response.StartAsync(context.Request.ContentLength ?? -1);
        while (!piece.IsEmpty)
        {
            context.Response.Write(piece.Span);
            piece = await body.ReadAsync();
        }
    }
}
