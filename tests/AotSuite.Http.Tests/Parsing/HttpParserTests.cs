using System.Text;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Tests.Parsing;

public class HttpParserTests
{
    private const string BrowserRequest =
        "GET /users/42?tab=profile HTTP/1.1\r\n" +
        "Host: 127.0.0.1:3000\r\n" +
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36\r\n" +
        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n" +
        "Accept-Language: en-US,en;q=0.9\r\n" +
        "Accept-Encoding: gzip, deflate, br\r\n" +
        "Cookie: session=abc123; theme=dark\r\n" +
        "X-Obs-Text: caf\u00e9\r\n" +
        "\r\n";

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>The same input whole, one byte per segment, and in five random splits.</summary>
    private static IEnumerable<int[]> Splits(int length) =>
        [[], Segments.EveryByte(length), .. Enumerable.Range(1, 5).Select(seed => Segments.Random(length, seed))];

    [Test]
    public async Task Parses_a_browser_request_whole_byte_by_byte_and_in_random_splits()
    {
        var input = Bytes(BrowserRequest);
        foreach (var splits in Splits(input.Length))
        {
            var request = ParsedRequest.Parse(input, splits)!;
            await Assert.That(request.Method).IsEqualTo(HttpMethod.Get);
            await Assert.That(request.Target).IsEqualTo("/users/42?tab=profile");
            await Assert.That(request.Version).IsEqualTo(HttpVersion.Http11);
            await Assert.That(request.Headers.Count).IsEqualTo(7);
            await Assert.That(request.Headers[0]).IsEqualTo(("Host", "127.0.0.1:3000"));
            await Assert.That(request.Headers[6]).IsEqualTo(("X-Obs-Text", "caf\u00e9"));
            await Assert.That(request.Consumed).IsEqualTo(input.Length);
            await Assert.That(request.Framing).IsEqualTo(new RequestFramingResult(RequestBodyKind.None, 0, KeepAlive: true, ExpectContinue: false));
        }
    }

    [Test]
    public async Task Waits_for_more_bytes_on_every_incomplete_prefix()
    {
        var input = Bytes(BrowserRequest);
        var incomplete = 0;
        for (var length = 0; length < input.Length; length++)
        {
            if (ParsedRequest.Parse(input[..length], []) is null) incomplete++;
        }
        await Assert.That(incomplete).IsEqualTo(input.Length);
    }

    [Test]
    public async Task Stops_at_the_end_of_the_headers_and_leaves_the_body_and_pipelined_requests()
    {
        var input = Bytes("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        var request = ParsedRequest.Parse(input, [])!;
        await Assert.That(request.Consumed).IsEqualTo(input.Length - "helloGET /b HTTP/1.1\r\nHost: x\r\n\r\n".Length);
        await Assert.That(request.Framing).IsEqualTo(new RequestFramingResult(RequestBodyKind.ContentLength, 5, true, false));
    }

    [Test]
    [Arguments("GET", HttpMethod.Get)]
    [Arguments("HEAD", HttpMethod.Head)]
    [Arguments("POST", HttpMethod.Post)]
    [Arguments("PUT", HttpMethod.Put)]
    [Arguments("DELETE", HttpMethod.Delete)]
    [Arguments("PATCH", HttpMethod.Patch)]
    [Arguments("OPTIONS", HttpMethod.Options)]
    [Arguments("PURGE", HttpMethod.Custom)]
    public async Task Recognises_methods(string method, HttpMethod expected)
    {
        var request = ParsedRequest.Parse(Bytes($"{method} / HTTP/1.1\r\nHost: x\r\n\r\n"), [])!;
        await Assert.That(request.Method).IsEqualTo(expected);
        await Assert.That(request.MethodText).IsEqualTo(method);
    }

    [Test]
    [Arguments("GET http://example.com/a?b HTTP/1.1", "http://example.com/a?b")]
    [Arguments("OPTIONS * HTTP/1.1", "*")]
    [Arguments("CONNECT example.com:443 HTTP/1.1", "example.com:443")]
    public async Task Accepts_the_absolute_asterisk_and_authority_forms_where_they_belong(string line, string target)
    {
        var request = ParsedRequest.Parse(Bytes($"{line}\r\nHost: example.com\r\n\r\n"), [])!;
        await Assert.That(request.Target).IsEqualTo(target);
    }

    [Test]
    [Arguments("HTTP/1.1", "", true)]
    [Arguments("HTTP/1.1", "Connection: close\r\n", false)]
    [Arguments("HTTP/1.1", "Connection: Upgrade, Close\r\n", false)]
    [Arguments("HTTP/1.0", "", false)]
    [Arguments("HTTP/1.0", "Connection: keep-alive\r\n", true)]
    public async Task Applies_the_keep_alive_rules_of_each_version(string version, string header, bool keepAlive)
    {
        var request = ParsedRequest.Parse(Bytes($"GET / {version}\r\nHost: x\r\n{header}\r\n"), [])!;
        await Assert.That(request.Framing.KeepAlive).IsEqualTo(keepAlive);
    }

    [Test]
    public async Task Reports_chunked_bodies_and_100_continue()
    {
        var request = ParsedRequest.Parse(Bytes("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"), [])!;
        await Assert.That(request.Framing).IsEqualTo(new RequestFramingResult(RequestBodyKind.Chunked, 0, true, ExpectContinue: true));
    }

    [Test]
    public async Task Accepts_a_list_of_identical_content_lengths()
    {
        var request = ParsedRequest.Parse(Bytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 7, 7\r\nContent-Length: 7\r\n\r\n"), [])!;
        await Assert.That(request.Framing.ContentLength).IsEqualTo(7L);
    }

    [Test]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", HttpRejectReason.ContentLengthWithTransferEncoding, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", HttpRejectReason.ConflictingContentLength, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\n", HttpRejectReason.ConflictingContentLength, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", HttpRejectReason.InvalidContentLength, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\n", HttpRejectReason.InvalidContentLength, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n", HttpRejectReason.InvalidContentLength, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n", HttpRejectReason.InvalidContentLength, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", HttpRejectReason.ChunkedNotLast, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", HttpRejectReason.ChunkedNotLast, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", HttpRejectReason.ChunkedNotLast, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", HttpRejectReason.UnsupportedTransferCoding, 501)]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n  folded\r\n\r\n", HttpRejectReason.ObsoleteLineFolding, 400)]
    [Arguments("GET / HTTP/1.1\nHost: x\n\n", HttpRejectReason.BareLineFeed, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost: x\nX: y\r\n\r\n", HttpRejectReason.BareLineFeed, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n", HttpRejectReason.InvalidHeaderValue, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost: x\r\nX: a\0b\r\n\r\n", HttpRejectReason.InvalidHeaderValue, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost : x\r\n\r\n", HttpRejectReason.WhitespaceBeforeColon, 400)]
    [Arguments("GET / HTTP/1.1\r\nHo(st: x\r\n\r\n", HttpRejectReason.InvalidHeaderName, 400)]
    [Arguments("GET / HTTP/1.1\r\n: x\r\n\r\n", HttpRejectReason.InvalidHeaderName, 400)]
    [Arguments("GET / HTTP/1.1\r\nno colon here\r\n\r\n", HttpRejectReason.InvalidHeaderName, 400)]
    [Arguments("GET / HTTP/1.1\r\n\r\n", HttpRejectReason.MissingHost, 400)]
    [Arguments("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", HttpRejectReason.MultipleHosts, 400)]
    [Arguments("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", HttpRejectReason.InvalidMethod, 400)]
    [Arguments("GET /\u0001 HTTP/1.1\r\nHost: x\r\n\r\n", HttpRejectReason.InvalidRequestTarget, 400)]
    [Arguments("GET * HTTP/1.1\r\nHost: x\r\n\r\n", HttpRejectReason.InvalidRequestTarget, 400)]
    [Arguments("GET relative HTTP/1.1\r\nHost: x\r\n\r\n", HttpRejectReason.InvalidRequestTarget, 400)]
    [Arguments("GET /  HTTP/1.1\r\nHost: x\r\n\r\n", HttpRejectReason.InvalidVersion, 400)]
    [Arguments("GET / HTTP/1.1 \r\nHost: x\r\n\r\n", HttpRejectReason.InvalidVersion, 400)]
    [Arguments("GET / HTTP/2.0\r\nHost: x\r\n\r\n", HttpRejectReason.UnsupportedVersion, 505)]
    [Arguments("GET /\r\nHost: x\r\n\r\n", HttpRejectReason.InvalidRequestLine, 400)]
    [Arguments(" GET / HTTP/1.1\r\nHost: x\r\n\r\n", HttpRejectReason.InvalidRequestLine, 400)]
    [Arguments("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 31457281\r\n\r\n", HttpRejectReason.BodyTooLarge, 413)]
    public async Task Rejects_ambiguous_or_malformed_requests_with_the_right_status(string text, HttpRejectReason reason, int status)
    {
        var input = Bytes(text);
        foreach (var splits in Splits(input.Length))
        {
            var error = Assert.Throws<HttpRejectException>(() => ParsedRequest.Parse(input, splits));
            await Assert.That(error.Reason).IsEqualTo(reason);
            await Assert.That(error.StatusCode).IsEqualTo(status);
        }
    }

    [Test]
    public async Task Refuses_a_request_line_over_the_limit_before_it_ends()
    {
        var limits = new HttpLimits { MaxRequestLineBytes = 64 };
        var input = Bytes("GET /" + new string('a', 100));
        foreach (var splits in Splits(input.Length))
        {
            var error = Assert.Throws<HttpRejectException>(() => ParsedRequest.Parse(input, splits, limits));
            await Assert.That(error.StatusCode).IsEqualTo(414);
        }
    }

    [Test]
    public async Task Refuses_header_fields_over_the_byte_limit_with_431()
    {
        var limits = new HttpLimits { MaxHeaderBytes = 100 };
        var input = Bytes($"GET / HTTP/1.1\r\nHost: x\r\nX-Big: {new string('b', 120)}\r\n\r\n");
        var error = Assert.Throws<HttpRejectException>(() => ParsedRequest.Parse(input, [], limits));
        await Assert.That(error.Reason).IsEqualTo(HttpRejectReason.HeadersTooLarge);
        await Assert.That(error.StatusCode).IsEqualTo(431);
    }

    [Test]
    public async Task Refuses_more_header_fields_than_the_limit_with_431()
    {
        var limits = new HttpLimits { MaxHeaderCount = 3 };
        var input = Bytes("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n");
        var error = Assert.Throws<HttpRejectException>(() => ParsedRequest.Parse(input, [], limits));
        await Assert.That(error.Reason).IsEqualTo(HttpRejectReason.TooManyHeaders);
    }
}
