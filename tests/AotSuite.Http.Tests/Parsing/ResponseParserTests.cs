using System.Text;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Tests.Parsing;

/// <summary>The client's half of the parser: status line, the shared header-field rules, and response framing.</summary>
public class ResponseParserTests
{
    private const string NodeResponse =
        "HTTP/1.1 200 OK\r\n" +
        "Content-Type: application/json; charset=utf-8\r\n" +
        "Date: Tue, 24 Nov 2026 06:00:00 GMT\r\n" +
        "Connection: keep-alive\r\n" +
        "Keep-Alive: timeout=5\r\n" +
        "Transfer-Encoding: chunked\r\n" +
        "X-Obs-Text: caf\u00e9\r\n" +
        "\r\n";

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static IEnumerable<int[]> Splits(int length) =>
        [[], Segments.EveryByte(length), .. Enumerable.Range(1, 5).Select(seed => Segments.Random(length, seed))];

    [Test]
    public async Task Parses_a_node_response_head_whole_byte_by_byte_and_in_random_splits()
    {
        var input = Bytes(NodeResponse + "5\r\nhello\r\n0\r\n\r\n");
        foreach (var splits in Splits(input.Length))
        {
            var response = ParsedResponse.Parse(input, splits)!;
            await Assert.That(response.Version).IsEqualTo(HttpVersion.Http11);
            await Assert.That(response.StatusCode).IsEqualTo(200);
            await Assert.That(response.Reason).IsEqualTo("OK");
            await Assert.That(response.Headers.Count).IsEqualTo(6);
            await Assert.That(response.Headers[5]).IsEqualTo(("X-Obs-Text", "caf\u00e9"));
            await Assert.That(response.Consumed).IsEqualTo(NodeResponse.Length);
            await Assert.That(response.Framing).IsEqualTo(new ResponseFramingResult(ResponseBodyKind.Chunked, 0, KeepAlive: true));
        }
    }

    [Test]
    public async Task Waits_for_more_bytes_on_every_incomplete_prefix()
    {
        var input = Bytes(NodeResponse);
        var incomplete = 0;
        for (var length = 0; length < input.Length; length++)
        {
            if (ParsedResponse.Parse(input[..length], []) is null) incomplete++;
        }
        await Assert.That(incomplete).IsEqualTo(input.Length);
    }

    [Test]
    [Arguments("HTTP/1.1 404 Not Found", 404, "Not Found")]
    [Arguments("HTTP/1.1 200 ", 200, "")]
    [Arguments("HTTP/1.1 204", 204, "")]
    [Arguments("HTTP/1.0 503 Service Unavailable (try later)", 503, "Service Unavailable (try later)")]
    public async Task Reads_the_status_code_and_reason_phrase(string line, int status, string reason)
    {
        var response = ParsedResponse.Parse(Bytes(line + "\r\nContent-Length: 0\r\n\r\n"), [])!;
        await Assert.That(response.StatusCode).IsEqualTo(status);
        await Assert.That(response.Reason).IsEqualTo(reason);
    }

    [Test]
    [Arguments("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", false, ResponseBodyKind.ContentLength, 5L, true)]
    [Arguments("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false, ResponseBodyKind.None, 0L, true)]
    [Arguments("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", true, ResponseBodyKind.None, 0L, true)]
    [Arguments("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", false, ResponseBodyKind.None, 0L, true)]
    [Arguments("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n", false, ResponseBodyKind.None, 0L, true)]
    [Arguments("HTTP/1.1 100 Continue\r\n\r\n", false, ResponseBodyKind.None, 0L, true)]
    [Arguments("HTTP/1.1 200 OK\r\n\r\n", false, ResponseBodyKind.UntilClose, 0L, false)]
    [Arguments("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", false, ResponseBodyKind.UntilClose, 0L, false)]
    [Arguments("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", false, ResponseBodyKind.Chunked, 0L, false)]
    [Arguments("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n", false, ResponseBodyKind.ContentLength, 5L, false)]
    [Arguments("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\n", false, ResponseBodyKind.ContentLength, 5L, false)]
    [Arguments("HTTP/1.0 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n", false, ResponseBodyKind.ContentLength, 5L, true)]
    public async Task Decides_where_the_body_ends_and_whether_the_connection_is_reused(
        string head, bool headRequest, ResponseBodyKind body, long length, bool keepAlive)
    {
        var response = ParsedResponse.Parse(Bytes(head), [], headRequest)!;
        await Assert.That(response.Framing).IsEqualTo(new ResponseFramingResult(body, length, keepAlive));
    }

    [Test]
    [Arguments("HTTP/1.1 2000 OK\r\n\r\n", HttpRejectReason.InvalidStatusLine)]
    [Arguments("HTTP/1.1 20 OK\r\n\r\n", HttpRejectReason.InvalidStatusLine)]
    [Arguments("HTTP/1.1 600 Odd\r\n\r\n", HttpRejectReason.InvalidStatusLine)]
    [Arguments("HTTP/1.1 2x0 OK\r\n\r\n", HttpRejectReason.InvalidStatusLine)]
    [Arguments("HTTP/1.1  200 OK\r\n\r\n", HttpRejectReason.InvalidStatusLine)]
    [Arguments("HTTP/1.1 200 O\u0001K\r\n\r\n", HttpRejectReason.InvalidStatusLine)]
    [Arguments("SSH-2.0-OpenSSH_9.2\r\n\r\n", HttpRejectReason.InvalidStatusLine)]
    [Arguments("HTTP/2.0 200 OK\r\n\r\n", HttpRejectReason.UnsupportedVersion)]
    [Arguments("HTTP/1.x 200 OK\r\n\r\n", HttpRejectReason.InvalidVersion)]
    [Arguments("HTTP/1.1 200 OK\n\r\n", HttpRejectReason.BareLineFeed)]
    [Arguments("HTTP/1.1 200 OK\r\nX : y\r\n\r\n", HttpRejectReason.WhitespaceBeforeColon)]
    [Arguments("HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n", HttpRejectReason.ObsoleteLineFolding)]
    [Arguments("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", HttpRejectReason.ConflictingContentLength)]
    [Arguments("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n", HttpRejectReason.InvalidContentLength)]
    [Arguments("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", HttpRejectReason.UnsupportedTransferCoding)]
    [Arguments("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", HttpRejectReason.ChunkedNotLast)]
    public async Task Rejects_malformed_responses_however_the_bytes_arrive(string input, HttpRejectReason reason)
    {
        var bytes = Bytes(input);
        foreach (var splits in Splits(bytes.Length))
        {
            var error = Assert.Throws<HttpRejectException>(() => ParsedResponse.Parse(bytes, splits));
            await Assert.That(error.Reason).IsEqualTo(reason);
        }
    }

    [Test]
    public async Task Refuses_a_status_line_over_the_limit_before_it_ends()
    {
        var input = Bytes("HTTP/1.1 200 " + new string('a', 100));
        var error = Assert.Throws<HttpRejectException>(() => ParsedResponse.Parse(input, [], limits: new HttpLimits { MaxRequestLineBytes = 64 }));
        await Assert.That(error.Reason).IsEqualTo(HttpRejectReason.StatusLineTooLong);
    }

    [Test]
    public async Task Refuses_a_content_length_over_the_body_limit()
    {
        var input = Bytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
        var error = Assert.Throws<HttpRejectException>(() => ParsedResponse.Parse(input, [], limits: new HttpLimits { MaxBodyBytes = 10 }));
        await Assert.That(error.Reason).IsEqualTo(HttpRejectReason.BodyTooLarge);
    }
}
