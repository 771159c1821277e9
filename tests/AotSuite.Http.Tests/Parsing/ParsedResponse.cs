using System.Buffers;
using System.Text;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Tests.Parsing;

/// <summary>What the parser reported for one response head, copied out of the buffer as strings for assertions.</summary>
internal sealed class ParsedResponse
{
    public HttpVersion Version { get; set; }
    public int StatusCode { get; set; }
    public string Reason { get; set; } = "";
    public List<(string Name, string Value)> Headers { get; } = [];
    public ResponseFramingResult Framing { get; set; }
    public long Consumed { get; set; }

    private struct Sink(ParsedResponse response) : IHttpResponseSink
    {
        public ResponseFraming Framing;

        public readonly void OnStatusLine(HttpVersion version, int statusCode, ReadOnlySpan<byte> reasonPhrase)
        {
            response.Version = version;
            response.StatusCode = statusCode;
            response.Reason = Encoding.Latin1.GetString(reasonPhrase);
        }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            response.Headers.Add((Encoding.ASCII.GetString(name), Encoding.Latin1.GetString(value)));
            Framing.OnHeader(name, value);
        }
    }

    /// <summary>Parses one response head split at <paramref name="splits"/>; null when the input is incomplete.</summary>
    public static ParsedResponse? Parse(byte[] input, IReadOnlyList<int> splits, bool headRequest = false, HttpLimits? limits = null)
    {
        limits ??= HttpLimits.Default;
        var response = new ParsedResponse();
        var sink = new Sink(response);
        var reader = new SequenceReader<byte>(Segments.Build(input, splits));
        var budget = new HeaderBudget();
        if (!HttpParser.TryParseStatusLine(ref reader, ref sink, limits)) return null;
        if (!HttpParser.TryParseHeaders(ref reader, ref sink, limits, ref budget)) return null;
        response.Framing = sink.Framing.Complete(response.Version, response.StatusCode, headRequest, limits);
        response.Consumed = reader.Consumed;
        return response;
    }
}
