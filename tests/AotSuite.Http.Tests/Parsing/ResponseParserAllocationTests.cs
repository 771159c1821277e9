using System.Buffers;
using System.Text;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Tests.Parsing;

public class ResponseParserAllocationTests
{
    private struct CountingSink : IHttpResponseSink
    {
        public int Headers;
        public int Status;
        public ResponseFraming Framing;

        public void OnStatusLine(HttpVersion version, int statusCode, ReadOnlySpan<byte> reasonPhrase) => Status = statusCode;

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            Headers++;
            Framing.OnHeader(name, value);
        }
    }

    private static int ParseOnce(ReadOnlySequence<byte> sequence)
    {
        var reader = new SequenceReader<byte>(sequence);
        var sink = new CountingSink();
        var budget = new HeaderBudget();
        HttpParser.TryParseStatusLine(ref reader, ref sink, HttpLimits.Default);
        HttpParser.TryParseHeaders(ref reader, ref sink, HttpLimits.Default, ref budget);
        var framing = sink.Framing.Complete(HttpVersion.Http11, sink.Status, headRequest: false, HttpLimits.Default);
        return framing.KeepAlive && framing.Body == ResponseBodyKind.ContentLength ? sink.Headers : -1;
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task Parses_a_warm_response_head_without_allocating(bool splitIntoSegments)
    {
        var input = Encoding.ASCII.GetBytes(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Tue, 24 Nov 2026 06:00:00 GMT\r\nContent-Length: 13\r\nKeep-Alive: timeout=5\r\n\r\n");
        var sequence = Segments.Build(input, splitIntoSegments ? Segments.Random(input.Length, 3) : []);
        for (var i = 0; i < 100; i++) ParseOnce(sequence);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var headers = 0;
        for (var i = 0; i < 1000; i++) headers += ParseOnce(sequence);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        await Assert.That(headers).IsEqualTo(4000);
        await Assert.That(allocated).IsEqualTo(0L);
    }
}
