using System.Buffers;
using System.Text;
using AotSuite.Http.Parsing;
using BenchmarkDotNet.Attributes;

namespace AotSuite.Benchmarks.Http;

/// <summary>
/// The client's half of the parser: status line + headers + framing decision of a Node-style response head (6 fields),
/// whole and split across two segments. No peer baseline: HttpClient's and undici's parsers are internal.
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("http-parse")]
public class ResponseParserBench
{
    private ReadOnlySequence<byte> whole;
    private ReadOnlySequence<byte> split;

    private struct Sink : IHttpResponseSink
    {
        public int Length;
        public int Status;
        public ResponseFraming Framing;

        public void OnStatusLine(HttpVersion version, int statusCode, ReadOnlySpan<byte> reasonPhrase) => Status = statusCode;

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
            "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 27\r\n" +
            "ETag: W/\"1b-Hy5yqsEuV9u9bVKv2kCkGXwE1Ag\"\r\nDate: Tue, 24 Nov 2026 06:00:00 GMT\r\nConnection: keep-alive\r\n" +
            "Keep-Alive: timeout=5\r\n\r\n");
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
        HttpParser.TryParseStatusLine(ref reader, ref sink, HttpLimits.Default);
        HttpParser.TryParseHeaders(ref reader, ref sink, HttpLimits.Default, ref budget);
        return sink.Framing.Complete(HttpVersion.Http11, sink.Status, headRequest: false, HttpLimits.Default).KeepAlive ? sink.Length : 0;
    }
}
