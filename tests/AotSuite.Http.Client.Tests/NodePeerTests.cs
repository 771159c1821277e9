using System.Diagnostics;
using System.Text.Json.Serialization;
using AotSuite.Http.Client.Tests.Peers;
using AotSuite.Http.Parsing;
using AotSuite.Json;

namespace AotSuite.Http.Client.Tests;

/// <summary>The client against Node's http server (a server nobody here wrote): chunked, compression, redirects, retries, JSON, streaming.</summary>
public partial class NodePeerTests
{
    private static Task<NodeServer> Node => NodeServer.SharedAsync();

    [Test]
    public async Task Gets_from_node_and_reuses_the_connection()
    {
        var node = await Node;
        await using var client = new FetchClient();
        var ports = new HashSet<string>();
        for (var i = 0; i < 5; i++) ports.Add(await client.GetStringAsync(node.Url("/socket")));
        await Assert.That(ports.Count).IsEqualTo(1);
        await Assert.That(await client.GetStringAsync(node.Url("/hello"))).IsEqualTo("hello from node");
    }

    [Test]
    public async Task Reads_a_chunked_body_written_in_parts()
    {
        var node = await Node;
        await using var client = new FetchClient();
        using var response = await client.GetAsync(node.Url("/chunked"));
        await Assert.That(response.GetHeader("Transfer-Encoding")).IsEqualTo("chunked");
        await Assert.That(await response.ReadAsStringAsync()).IsEqualTo("part 0;part 1;part 2;part 3;part 4;");
    }

    [Test]
    [Arguments("gzip")]
    [Arguments("deflate")]
    [Arguments("br")]
    public async Task Decodes_a_compressed_body(string coding)
    {
        var node = await Node;
        await using var client = new FetchClient();
        var text = await client.GetStringAsync(node.Url($"/compressed?coding={coding}"));
        await Assert.That(text).IsEqualTo(string.Concat(Enumerable.Repeat("compressed by node ", 200)));
    }

    [Test]
    public async Task Sends_accept_encoding_unless_turned_off()
    {
        var node = await Node;
        await using var on = new FetchClient();
        await using var off = new FetchClient(new FetchClientOptions { AutomaticDecompression = false });
        await Assert.That(await on.GetStringAsync(node.Url("/headers"))).Contains("\"accept-encoding\":\"gzip, deflate, br\"");
        await Assert.That(await off.GetStringAsync(node.Url("/headers"))).DoesNotContain("accept-encoding");
    }

    [Test]
    public async Task Streams_a_large_download_without_buffering_it()
    {
        var node = await Node;
        await using var client = new FetchClient();
        using var response = await client.GetAsync(node.Url("/big"));
        var buffer = new byte[8192];
        long total = 0;
        var wrong = 0L;
        int read;
        while ((read = await response.Body.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)((total + i) % 251)) wrong++;
            }
            total += read;
        }
        await Assert.That(total).IsEqualTo(4L * 1024 * 1024);
        await Assert.That(wrong).IsEqualTo(0L);
    }

    [Test]
    [Arguments(true)]
    [Arguments(false)]
    public async Task Streams_an_upload_to_node(bool knownLength)
    {
        var node = await Node;
        await using var client = new FetchClient();
        var payload = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(payload);
        var sum = payload.Aggregate(0L, (s, b) => (s + b) % 1000003);
        using var source = new FetchClientTests.NonSeekableStream(payload);
        var request = new FetchRequest(HttpMethod.Post, node.Url("/upload"))
        {
            Body = RequestBody.FromStream(source, knownLength ? payload.Length : null),
        };
        using var response = await client.SendAsync(request);
        var result = await response.ReadJsonAsync(NodeJson.Default.UploadResult);
        await Assert.That(result).IsEqualTo(new UploadResult(payload.Length, sum, !knownLength));
    }

    [Test]
    public async Task Reads_json_through_a_source_generated_type_info_and_a_json_model()
    {
        var node = await Node;
        await using var client = new FetchClient();
        var viaStj = await client.GetJsonAsync(node.Url("/json"), NodeJson.Default.TodoItem);
        var viaModel = await client.GetJsonModelAsync<TodoModel>(node.Url("/json"));
        await Assert.That(viaStj.Title).IsEqualTo("Buy milk");
        await Assert.That(viaStj.Tags).IsEquivalentTo(new[] { "home" });
        await Assert.That(viaModel.Title).IsEqualTo("Buy milk");
        await Assert.That(viaModel.Done).IsFalse();
    }

    [Test]
    public async Task Posts_json_and_gets_it_back_through_both_serializers()
    {
        await using var server = new OurServer();
        await using var client = new FetchClient();
        var stj = new FetchRequest(HttpMethod.Post, server.Url("/echo")) { Body = RequestBody.Json(new TodoItem("Write", true, ["work"]), NodeJson.Default.TodoItem) };
        using (var response = await client.SendAsync(stj))
        {
            var back = await response.ReadJsonAsync(NodeJson.Default.TodoItem);
            await Assert.That(back.Title).IsEqualTo("Write");
            await Assert.That(back.Done).IsTrue();
        }
        var model = new FetchRequest(HttpMethod.Post, server.Url("/echo")) { Body = RequestBody.JsonModel(new TodoModel("Read", false, ["home"])) };
        using (var response = await client.SendAsync(model))
        {
            var back = await response.ReadJsonModelAsync<TodoModel>();
            await Assert.That(back.Title).IsEqualTo("Read");
        }
    }

    [Test]
    public async Task Follows_redirects_up_to_the_limit_and_says_so_beyond_it()
    {
        var node = await Node;
        await using var client = new FetchClient(new FetchClientOptions { MaxRedirects = 3 });
        using (var response = await client.GetAsync(node.Url("/redirect/3")))
        {
            await Assert.That(await response.ReadAsStringAsync()).IsEqualTo("GET ");
            await Assert.That(response.RedirectCount).IsEqualTo(3);
            await Assert.That(response.Url.AbsolutePath).IsEqualTo("/redirect/0");
        }
        var error = await Assert.ThrowsAsync<FetchException>(async () => await client.GetAsync(node.Url("/redirect/4")));
        await Assert.That(error!.Message).Contains("more than 3 redirects");
        await Assert.That(error.Message).Contains("FetchClientOptions.MaxRedirects");
    }

    [Test]
    [Arguments(301, "GET ")]
    [Arguments(302, "GET ")]
    [Arguments(303, "GET ")]
    [Arguments(307, "POST payload")]
    [Arguments(308, "POST payload")]
    public async Task Rewrites_post_to_get_only_where_the_status_says_so(int status, string expected)
    {
        var node = await Node;
        await using var client = new FetchClient();
        var request = new FetchRequest(HttpMethod.Post, node.Url($"/redirect/1?status={status}")) { Body = RequestBody.FromString("payload") };
        using var response = await client.SendAsync(request);
        await Assert.That(await response.ReadAsStringAsync()).IsEqualTo(expected);
    }

    [Test]
    public async Task Hands_back_the_3xx_when_redirects_are_off()
    {
        var node = await Node;
        await using var client = new FetchClient(new FetchClientOptions { MaxRedirects = 0 });
        using var response = await client.GetAsync(node.Url("/redirect/1"));
        await Assert.That(response.StatusCode).IsEqualTo(302);
        await Assert.That(response.GetHeader("Location")).IsEqualTo("/redirect/0?status=302");
    }

    [Test]
    public async Task Strips_credentials_on_a_redirect_to_another_origin_and_keeps_them_on_the_same()
    {
        var node = await Node;
        await using var other = new OurServer();
        await using var client = new FetchClient();
        var away = new FetchRequest(HttpMethod.Get, node.Url($"/to?url={Uri.EscapeDataString(other.Url("/landing").ToString())}"))
            .SetHeader("Authorization", "Bearer secret");
        using (var response = await client.SendAsync(away))
        {
            await Assert.That(await response.ReadAsStringAsync()).IsEqualTo("hello /landing");
            await Assert.That(other.LastAuthorization).IsNull();
        }
        var home = new FetchRequest(HttpMethod.Get, node.Url("/to?url=/headers")).SetHeader("Authorization", "Bearer secret");
        using (var response = await client.SendAsync(home))
        {
            await Assert.That(await response.ReadAsStringAsync()).Contains("\"authorization\":\"Bearer secret\"");
        }
    }

    [Test]
    public async Task Retries_a_503_after_the_retry_after_delay()
    {
        var node = await Node;
        await using var client = new FetchClient();
        var id = Guid.NewGuid().ToString("N");
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(node.Url($"/flaky?id={id}&retryAfter=1"));
        await Assert.That(await response.ReadAsStringAsync()).IsEqualTo("ok after 2");
        await Assert.That(response.RetryCount).IsEqualTo(1);
        await Assert.That(clock.Elapsed).IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950));
    }

    [Test]
    public async Task Backs_off_exponentially_and_gives_up_after_the_limit()
    {
        var node = await Node;
        var options = new FetchClientOptions { Retry = new FetchRetryOptions { Limit = 2, BaseDelay = TimeSpan.FromMilliseconds(50) } };
        await using var client = new FetchClient(options);
        var id = Guid.NewGuid().ToString("N");
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(node.Url($"/flaky?id={id}&failures=5&status=502"));
        // 50 ms then 100 ms at least (jitter only adds).
        await Assert.That(clock.Elapsed).IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150));
        await Assert.That(response.StatusCode).IsEqualTo(502);
        await Assert.That(response.RetryCount).IsEqualTo(2);
        await Assert.That(await client.GetStringAsync(node.Url($"/count?id={id}"))).IsEqualTo("3");
    }

    [Test]
    public async Task Does_not_retry_a_post_nor_wait_out_a_long_retry_after()
    {
        var node = await Node;
        await using var client = new FetchClient(new FetchClientOptions { Retry = new FetchRetryOptions { MaxRetryAfter = TimeSpan.FromSeconds(5) } });
        var post = Guid.NewGuid().ToString("N");
        using (var response = await client.SendAsync(new FetchRequest(HttpMethod.Post, node.Url($"/flaky?id={post}"))))
        {
            await Assert.That(response.StatusCode).IsEqualTo(503);
        }
        var patient = Guid.NewGuid().ToString("N");
        using (var response = await client.GetAsync(node.Url($"/flaky?id={patient}&retryAfter=3600")))
        {
            await Assert.That(response.StatusCode).IsEqualTo(503);
            await Assert.That(response.RetryCount).IsEqualTo(0);
        }
    }

    [Test]
    public async Task Waits_for_a_retry_after_given_as_an_http_date()
    {
        var node = await Node;
        await using var client = new FetchClient();
        var id = Guid.NewGuid().ToString("N");
        var when = DateTimeOffset.UtcNow.AddSeconds(2).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(node.Url($"/flaky?id={id}&retryAfter={Uri.EscapeDataString(when)}"));
        await Assert.That(response.StatusCode).IsEqualTo(200);
        await Assert.That(clock.Elapsed).IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900));
    }
}

public sealed record TodoItem(string Title, bool Done, List<string> Tags);

public sealed record UploadResult(long Length, long Sum, bool Chunked);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TodoItem))]
[JsonSerializable(typeof(UploadResult))]
internal sealed partial class NodeJson : JsonSerializerContext;

[JsonModel]
public sealed partial record TodoModel(string Title, bool Done, List<string> Tags);
