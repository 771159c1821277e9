using System.Buffers;
using System.Text;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Tests.Parsing;

public class HttpParserAllocationTests
{
    private struct CountingSink : IHttpRequestSink
    {
        public int Headers;
        public RequestFraming Framing;

        public void OnRequestLine(HttpMethod method, ReadOnlySpan<byte> methodText, ReadOnlySpan<byte> target, HttpVersion version)
        {
        }

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
        HttpParser.TryParseRequestLine(ref reader, ref sink, HttpLimits.Default);
        HttpParser.TryParseHeaders(ref reader, ref sink, HttpLimits.Default, ref budget);
        return sink.Framing.Complete(HttpVersion.Http11, HttpLimits.Default).KeepAlive ? sink.Headers : -1;
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task Parses_a_warm_request_without_allocating(bool splitIntoSegments)
    {
        var input = Encoding.ASCII.GetBytes(
            "POST /api/tasks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 18\r\nConnection: keep-alive\r\n\r\n");
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
