using System.Buffers;
using System.Text;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Tests.Parsing;

/// <summary>What the parser reported for one request, copied out of the buffer as strings for assertions.</summary>
internal sealed class ParsedRequest
{
    public HttpMethod Method { get; set; }
    public string MethodText { get; set; } = "";
    public string Target { get; set; } = "";
    public HttpVersion Version { get; set; }
    public List<(string Name, string Value)> Headers { get; } = [];
    public RequestFramingResult Framing { get; set; }
    public long Consumed { get; set; }

    /// <summary>A sink struct (as the server's are) that records into this object and feeds the framing rules.</summary>
    public struct Sink(ParsedRequest request) : IHttpRequestSink
    {
        public RequestFraming Framing;

        public void OnRequestLine(HttpMethod method, ReadOnlySpan<byte> methodText, ReadOnlySpan<byte> target, HttpVersion version)
        {
            request.Method = method;
            request.MethodText = Encoding.ASCII.GetString(methodText);
            request.Target = Encoding.ASCII.GetString(target);
            request.Version = version;
        }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            request.Headers.Add((Encoding.ASCII.GetString(name), Encoding.Latin1.GetString(value)));
            Framing.OnHeader(name, value);
        }
    }

    /// <summary>
    /// Parses <paramref name="input"/> split into segments at <paramref name="splits"/>, as a pipe would hand it over.
    /// Returns null when the input is incomplete.
    /// </summary>
    public static ParsedRequest? Parse(byte[] input, IReadOnlyList<int> splits, HttpLimits? limits = null)
    {
        limits ??= HttpLimits.Default;
        var request = new ParsedRequest();
        var sink = new Sink(request);
        var reader = new SequenceReader<byte>(Segments.Build(input, splits));
        var budget = new HeaderBudget();
        if (!HttpParser.TryParseRequestLine(ref reader, ref sink, limits)) return null;
        if (!HttpParser.TryParseHeaders(ref reader, ref sink, limits, ref budget)) return null;
        request.Framing = sink.Framing.Complete(request.Version, limits);
        request.Consumed = reader.Consumed;
        return request;
    }
}
