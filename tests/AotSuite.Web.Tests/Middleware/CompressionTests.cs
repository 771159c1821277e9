using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace AotSuite.Web.Tests.Middleware;

public sealed class CompressionTests
{
    [Test]
    [Arguments("gzip, deflate, br", "br")]
    [Arguments("gzip", "gzip")]
    [Arguments("br;q=0.5, gzip;q=0.9", "gzip")]
    [Arguments("*", "br")]
    [Arguments("*;q=0.2, br;q=0", "gzip")]
    [DisplayName("Accept-Encoding '$acceptEncoding' gets a $coding body that node's zlib decodes")]
    public async Task Codes_a_buffered_text_body_in_the_negotiated_coding(string acceptEncoding, string coding)
    {
        await using var app = CompressionApp.Create();
        var reply = await CompressionApp.SendAsync(app, "GET", "/text", "Accept-Encoding: " + acceptEncoding);
        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Coding).IsEqualTo(coding);
        await Assert.That(reply.Head.All("Vary")).IsEquivalentTo(["Accept-Encoding"]);
        await Assert.That(int.Parse(reply.Headers["Content-Length"])).IsEqualTo(reply.Body.Length);
        await Assert.That(reply.Body.Length).IsLessThan(Encoding.UTF8.GetByteCount(CompressionApp.Text) / 4);
        await Assert.That(await CompressionApp.NodeDecodeAsync(reply.Body, coding)).IsEqualTo(CompressionApp.Text);
    }

    [Test]
    [Arguments("identity")]
    [Arguments("br;q=0, gzip;q=0")]
    [Arguments("zstd")]
    [Arguments("")]
    [DisplayName("Accept-Encoding '$acceptEncoding' gets the body as it is, still marked Vary")]
    public async Task Sends_identity_when_the_client_takes_no_coding_we_have(string acceptEncoding)
    {
        await using var app = CompressionApp.Create();
        var reply = acceptEncoding.Length == 0
            ? await CompressionApp.SendAsync(app, "GET", "/text")
            : await CompressionApp.SendAsync(app, "GET", "/text", "Accept-Encoding: " + acceptEncoding);
        await Assert.That(reply.Coding).IsNull();
        await Assert.That(reply.Head.All("Vary")).IsEquivalentTo(["Accept-Encoding"]);
        await Assert.That(Encoding.UTF8.GetString(reply.Body)).IsEqualTo(CompressionApp.Text);
    }

    [Test]
    public async Task Curl_compressed_reads_gzip_and_brotli_answers()
    {
        await using var app = CompressionApp.Create();
        var (exitCode, output) = await MiddlewareApp.CurlAsync(app, "--compressed", "-D", "-", "{url}/json");
        await Assert.That(exitCode).IsEqualTo(0);
        await Assert.That(output).Contains("Content-Encoding: br");
        var body = output[(output.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        var items = JsonDocument.Parse(body).RootElement;
        await Assert.That(items.GetArrayLength()).IsEqualTo(300);
        await Assert.That(items[299].GetString()).IsEqualTo("item 299");

        var (gzipExit, gzipOutput) = await MiddlewareApp.CurlAsync(app, "--compressed", "-H", "Accept-Encoding: gzip", "-D", "-", "{url}/text");
        await Assert.That(gzipExit).IsEqualTo(0);
        await Assert.That(gzipOutput).Contains("Content-Encoding: gzip");
        await Assert.That(gzipOutput).EndsWith(CompressionApp.Text);
    }

    [Test]
    public async Task Leaves_a_body_under_the_minimum_size_alone()
    {
        await using var app = CompressionApp.Create();
        var reply = await CompressionApp.SendAsync(app, "GET", "/small", "Accept-Encoding: br, gzip");
        await Assert.That(reply.Coding).IsNull();
        await Assert.That(Encoding.UTF8.GetString(reply.Body)).IsEqualTo("short");
        await Assert.That(reply.Head.All("Vary")).IsEquivalentTo(["Accept-Encoding"]);

        await using var eager = CompressionApp.Create(new CompressionOptions { MinimumBytes = 0 });
        var coded = await CompressionApp.SendAsync(eager, "GET", "/small", "Accept-Encoding: gzip");
        await Assert.That(coded.Coding).IsEqualTo("gzip");
        await Assert.That(await CompressionApp.NodeDecodeAsync(coded.Body, "gzip")).IsEqualTo("short");
    }

    [Test]
    public async Task Leaves_types_that_are_compressed_already_alone()
    {
        await using var app = CompressionApp.Create();
        var reply = await CompressionApp.SendAsync(app, "GET", "/png", "Accept-Encoding: br, gzip");
        await Assert.That(reply.Coding).IsNull();
        await Assert.That(reply.Headers.ContainsKey("Vary")).IsFalse();
        await Assert.That(reply.Body).IsEquivalentTo(CompressionApp.Png);
    }

    [Test]
    public async Task Never_codes_a_body_twice()
    {
        await using var app = CompressionApp.Create();
        var reply = await CompressionApp.SendAsync(app, "GET", "/coded", "Accept-Encoding: br, gzip");
        await Assert.That(reply.Coding).IsEqualTo("gzip");
        await Assert.That(reply.Head.All("Vary")).IsEquivalentTo(["Accept-Encoding"]);
        await Assert.That(await CompressionApp.NodeDecodeAsync(reply.Body, "gzip")).IsEqualTo(CompressionApp.Text);
    }

    [Test]
    public async Task Respects_cache_control_no_transform()
    {
        await using var app = CompressionApp.Create();
        var reply = await CompressionApp.SendAsync(app, "GET", "/no-transform", "Accept-Encoding: br, gzip");
        await Assert.That(reply.Coding).IsNull();
        await Assert.That(Encoding.UTF8.GetString(reply.Body)).IsEqualTo(CompressionApp.Text);
    }

    [Test]
    public async Task Answers_head_with_the_headers_get_would_send_and_no_body()
    {
        await using var app = CompressionApp.Create();
        var get = await CompressionApp.SendAsync(app, "GET", "/text", "Accept-Encoding: gzip");
        var head = await CompressionApp.SendAsync(app, "HEAD", "/text", "Accept-Encoding: gzip");
        await Assert.That(head.Status).IsEqualTo(200);
        await Assert.That(head.Coding).IsEqualTo("gzip");
        await Assert.That(head.Headers["Content-Length"]).IsEqualTo(get.Headers["Content-Length"]);
        await Assert.That(head.Body).IsEmpty();
    }

    [Test]
    public async Task Adds_nothing_to_204_and_304()
    {
        await using var app = CompressionApp.Create();
        var empty = await CompressionApp.SendAsync(app, "GET", "/empty", "Accept-Encoding: br");
        await Assert.That(empty.Status).IsEqualTo(204);
        await Assert.That(empty.Coding).IsNull();
        await Assert.That(empty.Body).IsEmpty();
        var unchanged = await CompressionApp.SendAsync(app, "GET", "/unchanged", "Accept-Encoding: br");
        await Assert.That(unchanged.Status).IsEqualTo(304);
        await Assert.That(unchanged.Coding).IsNull();
        await Assert.That(unchanged.Body).IsEmpty();
    }

    [Test]
    public async Task Codes_a_streamed_body_as_it_is_written_and_each_write_reaches_the_client()
    {
        await using var app = CompressionApp.Create();
        // The server holds its second part until the client has decoded the first: only a flushed first write gets there.
        var output = await CompressionApp.NodeAsync(app, """
            const http = require('http'), z = require('zlib');
            http.get(process.env.URL + '/stream', { headers: { 'accept-encoding': 'br' } }, res => {
              const decoded = z.createBrotliDecompress();
              let text = '', released = false;
              res.pipe(decoded);
              decoded.on('data', d => {
                text += d;
                if (!released && text.includes('first')) { released = true; http.get(process.env.URL + '/release', r => r.resume()); }
              });
              decoded.on('end', () => console.log(JSON.stringify({
                coding: res.headers['content-encoding'], framing: res.headers['transfer-encoding'], vary: res.headers['vary'], text })));
            });
            """);
        var result = JsonDocument.Parse(output).RootElement;
        await Assert.That(result.GetProperty("coding").GetString()).IsEqualTo("br");
        await Assert.That(result.GetProperty("framing").GetString()).IsEqualTo("chunked");
        await Assert.That(result.GetProperty("vary").GetString()).IsEqualTo("Accept-Encoding");
        await Assert.That(result.GetProperty("text").GetString()).IsEqualTo("data: first\n\ndata: second\n\n");
    }

    [Test]
    public async Task Codes_a_streamed_body_that_announced_its_length_as_chunked()
    {
        await using var app = CompressionApp.Create();
        var reply = await CompressionApp.SendAsync(app, "GET", "/sized", "Accept-Encoding: gzip");
        await Assert.That(reply.Coding).IsEqualTo("gzip");
        await Assert.That(reply.Headers["Transfer-Encoding"]).IsEqualTo("chunked");
        await Assert.That(reply.Headers.ContainsKey("Content-Length")).IsFalse();
        await Assert.That(await CompressionApp.NodeDecodeAsync(reply.Body, "gzip")).IsEqualTo(CompressionApp.Text);

        var plain = await CompressionApp.SendAsync(app, "GET", "/sized");
        await Assert.That(plain.Coding).IsNull();
        await Assert.That(plain.Headers["Content-Length"]).IsEqualTo(Encoding.UTF8.GetByteCount(CompressionApp.Text).ToString());
        await Assert.That(Encoding.UTF8.GetString(plain.Body)).IsEqualTo(CompressionApp.Text);
    }

    [Test]
    public async Task Completes_a_streamed_answer_under_middleware_that_adds_headers_on_the_way_out()
    {
        // RequestId and CORS add their fields after next(); a streamed head has gone by then, and the answer must still end.
        await using var app = CompressionApp.Create(outboundHeaders: true);
        var (exitCode, output) = await MiddlewareApp.CurlAsync(app, "--compressed", "-H", "Origin: " + MiddlewareApp.Origin, "{url}/sized");
        await Assert.That(exitCode).IsEqualTo(0);
        await Assert.That(output).IsEqualTo(CompressionApp.Text);
        var buffered = await CompressionApp.SendAsync(app, "GET", "/text", "Accept-Encoding: gzip", "Origin: " + MiddlewareApp.Origin);
        await Assert.That(buffered.Headers.ContainsKey("X-Request-Id")).IsTrue();
        await Assert.That(buffered.Headers["Access-Control-Allow-Origin"]).IsEqualTo(MiddlewareApp.Origin);
        await Assert.That(buffered.Head.All("Vary")).IsEquivalentTo(["Accept-Encoding", "Origin"]);
    }

    [Test]
    public async Task Codes_a_sent_file_by_reading_it_instead_of_sendfile()
    {
        var folder = Directory.CreateTempSubdirectory("aotsuite-compression-");
        try
        {
            var path = Path.Combine(folder.FullName, "big.txt");
            var text = string.Concat(Enumerable.Repeat(CompressionApp.Text, 40)); // ~320 KB: past the sendfile threshold
            await File.WriteAllTextAsync(path, text);
            await using var app = CompressionApp.Create(filePath: path);
            var (exitCode, output) = await MiddlewareApp.CurlAsync(app, "--compressed", "-D", "-", "{url}/file");
            await Assert.That(exitCode).IsEqualTo(0);
            await Assert.That(output).Contains("Content-Encoding: br");
            await Assert.That(output[(output.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).IsEqualTo(text);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Compresses_harder_when_asked()
    {
        await using var fast = CompressionApp.Create();
        await using var small = CompressionApp.Create(new CompressionOptions { Level = CompressionLevel.SmallestSize });
        var fastReply = await CompressionApp.SendAsync(fast, "GET", "/json", "Accept-Encoding: br");
        var smallReply = await CompressionApp.SendAsync(small, "GET", "/json", "Accept-Encoding: br");
        await Assert.That(smallReply.Body.Length).IsLessThan(fastReply.Body.Length);
        await Assert.That(await CompressionApp.NodeDecodeAsync(smallReply.Body, "br")).IsEqualTo(await CompressionApp.NodeDecodeAsync(fastReply.Body, "br"));
    }

    [Test]
    public async Task Offers_only_the_codings_it_is_told_to()
    {
        await using var app = CompressionApp.Create(new CompressionOptions { Brotli = false });
        var reply = await CompressionApp.SendAsync(app, "GET", "/text", "Accept-Encoding: br, gzip");
        await Assert.That(reply.Coding).IsEqualTo("gzip");
    }

    [Test]
    public async Task Rejects_a_negative_minimum_size()
    {
        await Assert.That(() => Compression.Create(new CompressionOptions { MinimumBytes = -1 })).Throws<ArgumentOutOfRangeException>();
    }
}
