using System.Text;
using AotSuite.Http.Client.Tests.Peers;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Client.Tests;

/// <summary>The client against AotSuite's own HttpServer: the basics, keep-alive reuse, bodies both ways.</summary>
public class FetchClientTests
{
    [Test]
    public async Task Gets_a_string_from_our_server()
    {
        await using var server = new OurServer();
        await using var client = new FetchClient();
        var text = await client.GetStringAsync(server.Url("/hello?x=1"));
        await Assert.That(text).IsEqualTo("hello /hello?x=1");
    }

    [Test]
    public async Task Reuses_one_kept_alive_connection_for_sequential_requests()
    {
        await using var server = new OurServer();
        await using var client = new FetchClient();
        var url = server.Url("/a");
        for (var i = 0; i < 20; i++) await Assert.That(await client.GetStringAsync(url)).IsEqualTo("hello /a");
        await Assert.That(client.FindPool(url)!.OpenConnections).IsEqualTo(1);
    }

    [Test]
    public async Task Exposes_status_reason_and_header_fields()
    {
        await using var server = new OurServer();
        await using var client = new FetchClient();
        using var response = await client.GetAsync(server.Url("/x"));
        await Assert.That(response.StatusCode).IsEqualTo(200);
        await Assert.That(response.ReasonPhrase).IsEqualTo("OK");
        await Assert.That(response.Version).IsEqualTo(HttpVersion.Http11);
        await Assert.That(response.GetHeader("content-type")).IsEqualTo("text/plain");
        await Assert.That(response.ContentLength).IsEqualTo(8L);
        await Assert.That(response.GetHeader("X-Missing")).IsNull();
        await Assert.That(await response.ReadAsStringAsync()).IsEqualTo("hello /x");
    }

    [Test]
    public async Task Posts_bytes_and_reads_them_back()
    {
        await using var server = new OurServer();
        await using var client = new FetchClient();
        var payload = new byte[100_000];
        new Random(5).NextBytes(payload);
        var request = new FetchRequest(HttpMethod.Post, server.Url("/echo")) { Body = RequestBody.FromBytes(payload) };
        using var response = await client.SendAsync(request);
        var echoed = await response.ReadAsBytesAsync();
        await Assert.That(echoed.SequenceEqual(payload)).IsTrue();
    }

    [Test]
    public async Task Streams_an_upload_of_unknown_length_as_chunks()
    {
        await using var server = new OurServer();
        await using var client = new FetchClient();
        var payload = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"line {i}\n")));
        using var source = new NonSeekableStream(payload);
        var request = new FetchRequest(HttpMethod.Post, server.Url("/echo")) { Body = RequestBody.FromStream(source) };
        using var response = await client.SendAsync(request);
        await Assert.That(await response.ReadAsStringAsync()).IsEqualTo(Encoding.ASCII.GetString(payload));
    }

    [Test]
    public async Task Reads_no_body_for_head_and_204_and_keeps_the_connection()
    {
        await using var server = new OurServer();
        await using var client = new FetchClient();
        using (var head = await client.SendAsync(new FetchRequest(HttpMethod.Head, server.Url("/abc"))))
        {
            await Assert.That(head.ContentLength).IsEqualTo(10L);
            await Assert.That(await head.ReadAsStringAsync()).IsEqualTo("");
        }
        using (var empty = await client.GetAsync(server.Url("/empty")))
        {
            await Assert.That(empty.StatusCode).IsEqualTo(204);
            await Assert.That(await empty.ReadAsBytesAsync()).IsEmpty();
        }
        await Assert.That(await client.GetStringAsync(server.Url("/after"))).IsEqualTo("hello /after");
        await Assert.That(client.FindPool(server.Url("/"))!.OpenConnections).IsEqualTo(1);
    }

    [Test]
    public async Task Turns_a_non_success_status_into_a_fetch_exception_naming_it()
    {
        await using var server = new OurServer();
        await using var client = new FetchClient(new FetchClientOptions { Retry = new FetchRetryOptions { Limit = 0 } });
        var error = await Assert.ThrowsAsync<FetchException>(async () => await client.GetStringAsync(server.Url("/status/500")));
        await Assert.That(error!.StatusCode).IsEqualTo(500);
        await Assert.That(error.Message).Contains($"GET http://127.0.0.1:{server.Port}/status/500: the server answered 500 Internal Server Error");
    }

    [Test]
    public async Task Refuses_header_values_that_would_inject_a_line()
    {
        var request = new FetchRequest(HttpMethod.Get, "http://127.0.0.1/");
        var error = Assert.Throws<ArgumentException>(() => request.SetHeader("X-Evil", "a\r\nHost: other"));
        await Assert.That(error.Message).Contains("U+000D");
    }

    [Test]
    public async Task Runs_the_hooks_before_each_request_and_after_each_response()
    {
        await using var server = new OurServer();
        var seen = new List<int>();
        await using var client = new FetchClient(new FetchClientOptions
        {
            BeforeRequest = (request, _) =>
            {
                request.SetHeader("Authorization", "Bearer from-hook");
                return ValueTask.CompletedTask;
            },
            AfterResponse = (response, _) =>
            {
                lock (seen) seen.Add(response.StatusCode);
                return ValueTask.CompletedTask;
            },
        });
        await client.GetStringAsync(server.Url("/hooked"));
        await Assert.That(server.LastAuthorization).IsEqualTo("Bearer from-hook");
        await Assert.That(seen).IsEquivalentTo(new[] { 200 });
    }

    /// <summary>A stream that cannot seek or say its length: the client must send it chunked.</summary>
    internal sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 777)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 777)], cancellationToken);
    }
}
