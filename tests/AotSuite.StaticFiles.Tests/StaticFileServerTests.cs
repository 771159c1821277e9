using System.IO.Compression;
using System.Text;
using AotSuite.Http.Connection;

namespace AotSuite.StaticFiles.Tests;

/// <summary>What a file answer carries, index files, HEAD, large files, compression, listings, SPA, CORS, middleware.</summary>
public class StaticFileServerTests
{
    [Test]
    public async Task Serves_a_file_with_type_length_validators_and_nosniff()
    {
        await using var site = new StaticSite();
        var response = await site.GetAsync("/hello.txt");
        await Assert.That(response.Status).IsEqualTo(200);
        await Assert.That(response.Text).IsEqualTo("hello, static world");
        await Assert.That(response.Header("Content-Type")).IsEqualTo("text/plain; charset=utf-8");
        await Assert.That(response.Header("Content-Length")).IsEqualTo("19");
        await Assert.That(response.Header("ETag")).IsNotNull();
        await Assert.That(response.Header("Last-Modified")).EndsWith(" GMT");
        await Assert.That(response.Header("Accept-Ranges")).IsEqualTo("bytes");
        await Assert.That(response.Header("X-Content-Type-Options")).IsEqualTo("nosniff");
        await Assert.That(response.Header("Cache-Control")).IsEqualTo("public, max-age=0");
        await Assert.That(response.Header("Vary")).IsNull();
    }

    [Test]
    public async Task Serves_index_files_for_folders()
    {
        await using var site = new StaticSite();
        var root = await site.GetAsync("/");
        await Assert.That(root.Text).IsEqualTo("<h1>home</h1>");
        await Assert.That(root.Header("Content-Type")).IsEqualTo("text/html; charset=utf-8");
        await Assert.That((await site.GetAsync("/docs/")).Text).IsEqualTo("<h1>docs</h1>");
        await Assert.That((await site.GetAsync("/hello.txt/")).Status).IsEqualTo(404);
    }

    [Test]
    public async Task Chooses_cache_control_by_kind_of_file()
    {
        await using var site = new StaticSite(o => o with { MaxAge = TimeSpan.FromHours(1) });
        await Assert.That((await site.GetAsync("/index.html")).Header("Cache-Control")).IsEqualTo("no-cache");
        await Assert.That((await site.GetAsync("/app.3f9a2b1c.js")).Header("Cache-Control")).IsEqualTo("public, max-age=31536000, immutable");
        await Assert.That((await site.GetAsync("/hello.txt")).Header("Cache-Control")).IsEqualTo("public, max-age=3600");
    }

    [Test]
    public async Task Answers_head_with_the_length_and_no_body_for_small_and_large_files()
    {
        await using var site = new StaticSite();
        var small = await site.GetAsync("/hello.txt", method: "HEAD");
        await Assert.That(small.Header("Content-Length")).IsEqualTo("19");
        await Assert.That(small.Body).IsEmpty();
        var large = await site.GetAsync("/large.bin", method: "HEAD");
        await Assert.That(large.Header("Content-Length")).IsEqualTo(StaticSite.Large.Length.ToString());
        await Assert.That(large.Body).IsEmpty();
    }

    [Test]
    [Arguments(true)]
    [Arguments(false)]
    [DisplayName("Sends a large file byte for byte to curl (sendfile: $sendFile)")]
    public async Task Sends_a_large_file_byte_for_byte_to_curl(bool sendFile)
    {
        await using var site = new StaticSite(o => o with { SendFile = sendFile });
        var target = Path.Combine(site.Directory, "download.bin");
        var (code, _, error) = await StaticSite.CurlAsync("-sS", "--max-time", "20", "-o", target, site.Url("/large.bin"));
        await Assert.That(code).IsEqualTo(0).Because(error);
        await Assert.That((await File.ReadAllBytesAsync(target)).AsSpan().SequenceEqual(StaticSite.Large)).IsTrue();
    }

    [Test]
    public async Task Serves_several_requests_on_one_keep_alive_connection()
    {
        await using var site = new StaticSite();
        var response = await site.SendAsync(
            "GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /large.bin HTTP/1.1\r\nHost: x\r\n\r\nGET /docs/guide.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var text = Encoding.Latin1.GetString(response.Body);
        await Assert.That(response.Text).StartsWith("hello, static world");
        await Assert.That(text).EndsWith("\r\n\r\nguide");
        await Assert.That(text.Length).IsGreaterThan(StaticSite.Large.Length);
    }

    [Test]
    public async Task Serves_precompressed_siblings_to_clients_that_accept_them()
    {
        await using var site = new StaticSite();
        var brotli = await site.GetAsync("/pre.js", "Accept-Encoding: gzip, deflate, br\r\n");
        await Assert.That(brotli.Header("Content-Encoding")).IsEqualTo("br");
        await Assert.That(brotli.Text).IsEqualTo("BROTLI-BYTES");
        await Assert.That(brotli.Header("Content-Type")).IsEqualTo("text/javascript; charset=utf-8");
        await Assert.That(brotli.Header("Vary")).IsEqualTo("Accept-Encoding");
        var gzip = await site.GetAsync("/pre.js", "Accept-Encoding: br;q=0, gzip\r\n");
        await Assert.That(gzip.Header("Content-Encoding")).IsEqualTo("gzip");
        await Assert.That(gzip.Text).IsEqualTo("GZIP-BYTES");
        await Assert.That(gzip.Header("ETag")).IsNotEqualTo(brotli.Header("ETag"));
        var identity = await site.GetAsync("/pre.js");
        await Assert.That(identity.Header("Content-Encoding")).IsNull();
        await Assert.That(identity.Body.Length).IsEqualTo(2000);
        await Assert.That(identity.Header("Vary")).IsEqualTo("Accept-Encoding");
        // A 304 for one representation is judged by that representation's tag.
        var again = await site.GetAsync("/pre.js", $"Accept-Encoding: br\r\nIf-None-Match: {brotli.Header("ETag")}\r\n");
        await Assert.That(again.Status).IsEqualTo(304);
    }

    [Test]
    public async Task Compresses_text_on_the_fly_and_curl_decodes_it()
    {
        await using var site = new StaticSite();
        var original = await File.ReadAllBytesAsync(Path.Combine(site.Root, "style.css"));
        var gzip = await site.GetAsync("/style.css", "Accept-Encoding: gzip\r\n");
        await Assert.That(gzip.Header("Content-Encoding")).IsEqualTo("gzip");
        await Assert.That(gzip.Body.Length).IsLessThan(original.Length / 4);
        using (var decoded = new MemoryStream())
        {
            await new GZipStream(new MemoryStream(gzip.Body), CompressionMode.Decompress).CopyToAsync(decoded);
            await Assert.That(decoded.ToArray().AsSpan().SequenceEqual(original)).IsTrue();
        }
        var brotli = await site.GetAsync("/style.css", "Accept-Encoding: br\r\n");
        await Assert.That(brotli.Header("Content-Encoding")).IsEqualTo("br");
        await Assert.That(brotli.Header("ETag")).EndsWith("-br\"");
        var (code, output, error) = await StaticSite.CurlAsync("-sS", "--compressed", "--max-time", "10", site.Url("/style.css"));
        await Assert.That(code).IsEqualTo(0).Because(error);
        await Assert.That(output.AsSpan().SequenceEqual(original)).IsTrue();
        // Below the threshold, and for ranges, the file goes as it is.
        await Assert.That((await site.GetAsync("/tiny.css", "Accept-Encoding: gzip\r\n")).Header("Content-Encoding")).IsNull();
        var range = await site.GetAsync("/style.css", "Accept-Encoding: gzip\r\nRange: bytes=0-3\r\n");
        await Assert.That(range.Status).IsEqualTo(206);
        await Assert.That(range.Text).IsEqualTo("body");
    }

    [Test]
    public async Task Lists_a_folder_with_every_name_escaped_and_dotfiles_and_escaping_links_left_out()
    {
        await using var site = new StaticSite(o => o with { DirectoryListing = true });
        var listing = await site.GetAsync("/list/");
        await Assert.That(listing.Status).IsEqualTo(200);
        await Assert.That(listing.Header("Content-Type")).IsEqualTo("text/html; charset=utf-8");
        var html = listing.Text;
        await Assert.That(html).DoesNotContain("<img");
        await Assert.That(html).Contains("&lt;img src=x onerror=alert(1)&gt;.txt");
        await Assert.That(html).Contains("href=\"./%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.txt\"");
        await Assert.That(html).Contains("a&amp;b &quot;q&quot;.txt");
        await Assert.That(html).Contains("href=\"./folder/\"");
        await Assert.That(html).DoesNotContain(".dot");
        await Assert.That(html).DoesNotContain("escape-link");
        await Assert.That(html.IndexOf("folder/", StringComparison.Ordinal)).IsLessThan(html.IndexOf("a&amp;b", StringComparison.Ordinal));
    }

    [Test]
    public async Task Does_not_list_folders_unless_asked()
    {
        await using var site = new StaticSite();
        await Assert.That((await site.GetAsync("/list/")).Status).IsEqualTo(404);
    }

    [Test]
    public async Task Falls_back_to_the_app_page_for_extensionless_paths_in_spa_mode()
    {
        await using var site = new StaticSite(o => o with { SpaFallback = "index.html" });
        var route = await site.GetAsync("/users/42");
        await Assert.That(route.Status).IsEqualTo(200);
        await Assert.That(route.Text).IsEqualTo("<h1>home</h1>");
        await Assert.That((await site.GetAsync("/missing.js")).Status).IsEqualTo(404);
        await Assert.That((await site.GetAsync("/.env")).Status).IsEqualTo(404);
        await Assert.That((await site.GetAsync("/hello.txt")).Text).IsEqualTo("hello, static world");
    }

    [Test]
    public async Task Allows_any_origin_and_answers_preflights_with_cors()
    {
        await using var site = new StaticSite(o => o with { Cors = true });
        await Assert.That((await site.GetAsync("/hello.txt")).Header("Access-Control-Allow-Origin")).IsEqualTo("*");
        var preflight = await site.GetAsync("/hello.txt", "Origin: http://a.example\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: range\r\n", "OPTIONS");
        await Assert.That(preflight.Status).IsEqualTo(204);
        await Assert.That(preflight.Header("Access-Control-Allow-Methods")).IsEqualTo("GET, HEAD, OPTIONS");
        await Assert.That(preflight.Header("Access-Control-Allow-Headers")).IsEqualTo("range");
    }

    [Test]
    public async Task Leaves_what_is_not_a_file_here_to_the_next_middleware_untouched()
    {
        static HttpHandler Chain(StaticFileServer files) => async context =>
        {
            if (await files.TryServeAsync(context)) return;
            context.Response.AddHeader("X-Next"u8, "yes"u8);
            context.Response.Write("next middleware"u8);
        };
        await using var site = new StaticSite(handler: Chain);
        var missing = await site.GetAsync("/api/users");
        await Assert.That(missing.Status).IsEqualTo(200);
        await Assert.That(missing.Text).IsEqualTo("next middleware");
        await Assert.That(missing.Header("ETag")).IsNull();
        await Assert.That((await site.GetAsync("/hello.txt", method: "POST")).Text).IsEqualTo("next middleware");
        await Assert.That((await site.GetAsync("/.env")).Text).IsEqualTo("next middleware");
        await Assert.That((await site.GetAsync("/hello.txt")).Text).IsEqualTo("hello, static world");
        await Assert.That((await site.GetAsync("/../secret.txt")).Status).IsEqualTo(400);
    }
}
