namespace AotSuite.StaticFiles.Tests;

/// <summary>Validators (ETag, Last-Modified), 304s, and ranges (206, 416, If-Range).</summary>
public class StaticFileConditionalTests
{
    [Test]
    public async Task Answers_304_to_a_matching_if_none_match_with_the_validators_and_no_body()
    {
        await using var site = new StaticSite();
        var first = await site.GetAsync("/hello.txt");
        var etag = first.Header("ETag")!;
        await Assert.That(etag).Matches("^\"[0-9a-f]+-[0-9a-f]+\"$");
        var again = await site.GetAsync("/hello.txt", $"If-None-Match: \"nope\", {etag}\r\n");
        await Assert.That(again.Status).IsEqualTo(304);
        await Assert.That(again.Header("ETag")).IsEqualTo(etag);
        await Assert.That(again.Header("Content-Length")).IsNull();
        await Assert.That(again.Body).IsEmpty();
        var weak = await site.GetAsync("/hello.txt", $"If-None-Match: W/{etag}\r\n");
        await Assert.That(weak.Status).IsEqualTo(304);
        var other = await site.GetAsync("/hello.txt", "If-None-Match: \"other\"\r\n");
        await Assert.That(other.Status).IsEqualTo(200);
    }

    [Test]
    public async Task Answers_304_to_if_modified_since_unless_the_file_is_newer()
    {
        await using var site = new StaticSite();
        var lastModified = (await site.GetAsync("/hello.txt")).Header("Last-Modified")!;
        await Assert.That((await site.GetAsync("/hello.txt", $"If-Modified-Since: {lastModified}\r\n")).Status).IsEqualTo(304);
        await Assert.That((await site.GetAsync("/hello.txt", "If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT\r\n")).Status).IsEqualTo(200);
        // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
        await Assert.That((await site.GetAsync("/hello.txt", $"If-None-Match: \"x\"\r\nIf-Modified-Since: {lastModified}\r\n")).Status).IsEqualTo(200);
    }

    [Test]
    public async Task Sees_a_changed_file_after_the_revalidation_interval()
    {
        await using var site = new StaticSite(o => o with { RevalidateAfter = TimeSpan.FromMilliseconds(50) });
        var before = await site.GetAsync("/hello.txt");
        site.Write("hello.txt", "changed, and longer than before");
        await Task.Delay(100);
        var after = await site.GetAsync("/hello.txt");
        await Assert.That(after.Text).IsEqualTo("changed, and longer than before");
        await Assert.That(after.Header("ETag")).IsNotEqualTo(before.Header("ETag"));
        File.Delete(Path.Combine(site.Root, "hello.txt"));
        await Task.Delay(100);
        await Assert.That((await site.GetAsync("/hello.txt")).Status).IsEqualTo(404);
    }

    [Test]
    [Arguments("bytes=0-4", 0, 5)]
    [Arguments("bytes=-5", 14, 5)]
    [Arguments("bytes=7-", 7, 12)]
    [Arguments("bytes=7-1000", 7, 12)]
    [DisplayName("Answers '$range' with 206 and those bytes")]
    public async Task Answers_a_single_range_with_206(string range, int start, int count)
    {
        await using var site = new StaticSite();
        var response = await site.GetAsync("/hello.txt", $"Range: {range}\r\n");
        await Assert.That(response.Status).IsEqualTo(206);
        await Assert.That(response.Header("Content-Range")).IsEqualTo($"bytes {start}-{start + count - 1}/19");
        await Assert.That(response.Header("Content-Length")).IsEqualTo(count.ToString());
        await Assert.That(response.Text).IsEqualTo("hello, static world".Substring(start, count));
    }

    [Test]
    public async Task Answers_an_unsatisfiable_range_with_416_and_the_length()
    {
        await using var site = new StaticSite();
        var response = await site.GetAsync("/hello.txt", "Range: bytes=19-\r\n");
        await Assert.That(response.Status).IsEqualTo(416);
        await Assert.That(response.Header("Content-Range")).IsEqualTo("bytes */19");
        await Assert.That(response.Body).IsEmpty();
    }

    [Test]
    [Arguments("bytes=0-1,4-5")]
    [Arguments("bytes=abc")]
    [Arguments("lines=1-2")]
    [DisplayName("Answers '$range' with the whole file")]
    public async Task Answers_several_or_malformed_ranges_with_the_whole_file(string range)
    {
        await using var site = new StaticSite();
        var response = await site.GetAsync("/hello.txt", $"Range: {range}\r\n");
        await Assert.That(response.Status).IsEqualTo(200);
        await Assert.That(response.Text).IsEqualTo("hello, static world");
    }

    [Test]
    public async Task Applies_a_range_only_while_if_range_matches()
    {
        await using var site = new StaticSite();
        var first = await site.GetAsync("/hello.txt");
        var matching = await site.GetAsync("/hello.txt", $"Range: bytes=0-4\r\nIf-Range: {first.Header("ETag")}\r\n");
        await Assert.That(matching.Status).IsEqualTo(206);
        var byDate = await site.GetAsync("/hello.txt", $"Range: bytes=0-4\r\nIf-Range: {first.Header("Last-Modified")}\r\n");
        await Assert.That(byDate.Status).IsEqualTo(206);
        var stale = await site.GetAsync("/hello.txt", "Range: bytes=0-4\r\nIf-Range: \"old\"\r\n");
        await Assert.That(stale.Status).IsEqualTo(200);
        await Assert.That(stale.Text).IsEqualTo("hello, static world");
    }

    [Test]
    [Arguments(true)]
    [Arguments(false)]
    [DisplayName("Sends a range of a large file byte for byte (sendfile: $sendFile)")]
    public async Task Sends_a_range_of_a_large_file_byte_for_byte(bool sendFile)
    {
        await using var site = new StaticSite(o => o with { SendFile = sendFile });
        var response = await site.GetAsync("/large.bin", "Range: bytes=1000-2000999\r\n");
        await Assert.That(response.Status).IsEqualTo(206);
        await Assert.That(response.Header("Content-Range")).IsEqualTo($"bytes 1000-2000999/{StaticSite.Large.Length}");
        await Assert.That(response.Body.AsSpan().SequenceEqual(StaticSite.Large.AsSpan(1000, 2_000_000))).IsTrue();
    }

    [Test]
    public async Task Curl_resumes_a_download_with_a_range()
    {
        await using var site = new StaticSite();
        var (code, output, error) = await StaticSite.CurlAsync("-sS", "--max-time", "10", "-r", "100-199", site.Url("/large.bin"));
        await Assert.That(code).IsEqualTo(0).Because(error);
        await Assert.That(output.AsSpan().SequenceEqual(StaticSite.Large.AsSpan(100, 100))).IsTrue();
    }

    [Test]
    public async Task Answers_every_request_whole_while_a_file_is_rewritten_under_load()
    {
        await using var site = new StaticSite(o => o with { RevalidateAfter = TimeSpan.Zero });
        // The site starts with its own hello.txt, which a client may read before the first rewrite lands.
        string[] versions = ["hello, static world", "first version", "the second, longer version", "3"];
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                // Replaced atomically, as a deploy does: readers see one version or the other, never a torn one.
                var temp = Path.Combine(site.Directory, $"tmp-{i}");
                await File.WriteAllTextAsync(temp, versions[i % versions.Length]);
                File.Move(temp, Path.Combine(site.Root, "hello.txt"), overwrite: true);
                await Task.Delay(1);
            }
        });
        var clients = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var seen = new List<string>();
            for (var i = 0; i < 40; i++)
            {
                var response = await site.GetAsync("/hello.txt");
                if (response.Status != 200) throw new InvalidOperationException($"status {response.Status}");
                if (response.Header("Content-Length") != response.Body.Length.ToString()) throw new InvalidOperationException("length mismatch");
                seen.Add(response.Text);
            }
            return seen;
        })).ToArray();
        var results = await Task.WhenAll(clients);
        await stop.CancelAsync();
        await writer;
        await Assert.That(results.SelectMany(static r => r).Where(t => !versions.Contains(t)).Distinct()).IsEmpty();
    }
}
