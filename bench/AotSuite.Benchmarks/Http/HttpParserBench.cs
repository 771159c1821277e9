using System.Buffers;
using System.Text;
using AotSuite.Http.Parsing;
using BenchmarkDotNet.Attributes;

namespace AotSuite.Benchmarks.Http;

/// <summary>
/// Request line + headers + framing decision of a typical browser request (8 header fields), in one buffer and split
/// across segments as a pipe can deliver it. No peer baseline yet: Kestrel's parser is internal to its assembly.
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("http-parse")]
public class HttpParserBench
{
    private ReadOnlySequence<byte> whole;
    private ReadOnlySequence<byte> split;

    private struct Sink : IHttpRequestSink
    {
        public int Length;
        public RequestFraming Framing;

        public void OnRequestLine(HttpMethod method, ReadOnlySpan<byte> methodText, ReadOnlySpan<byte> target, HttpVersion version) =>
            Length += target.Length;

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            Length += value.Length;
            Framing.OnHeader(name, value);
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var bytes = Encoding.ASCII.GetBytes(
            "GET /users/42?tab=profile HTTP/1.1\r\nHost: 127.0.0.1:3000\r\nConnection: keep-alive\r\n" +
            "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36\r\n" +
            "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\nAccept-Encoding: gzip, deflate, br\r\n" +
            "Accept-Language: en-US,en;q=0.9\r\nCookie: session=abc123; theme=dark\r\nSec-Fetch-Mode: navigate\r\n\r\n");
        whole = new ReadOnlySequence<byte>(bytes);
        split = TwoSegments.Build(bytes, bytes.Length / 2);
    }

    [Benchmark]
    public int Whole() => Parse(whole);

    [Benchmark]
    public int SplitInTwoSegments() => Parse(split);

    private static int Parse(ReadOnlySequence<byte> sequence)
    {
        var reader = new SequenceReader<byte>(sequence);
        var sink = new Sink();
        var budget = new HeaderBudget();
        HttpParser.TryParseRequestLine(ref reader, ref sink, HttpLimits.Default);
        HttpParser.TryParseHeaders(ref reader, ref sink, HttpLimits.Default, ref budget);
        return sink.Framing.Complete(HttpVersion.Http11, HttpLimits.Default).KeepAlive ? sink.Length : 0;
    }
}
