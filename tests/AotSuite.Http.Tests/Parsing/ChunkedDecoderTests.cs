using System.Buffers;
using System.Text;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Tests.Parsing;

public class ChunkedDecoderTests
{
    private struct Collector(List<byte> body, List<string> trailers) : IChunkedBodySink
    {
        public readonly void OnData(ReadOnlySpan<byte> data) => body.AddRange(data.ToArray());

        public readonly void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
            trailers.Add($"{Encoding.ASCII.GetString(name)}: {Encoding.ASCII.GetString(value)}");
    }

    /// <summary>
    /// Feeds <paramref name="input"/> the way a pipe does: <paramref name="arrivals"/> bytes at a time, each call seeing
    /// everything not yet consumed. Returns the body, the trailers and how many bytes the decoder consumed.
    /// </summary>
    private static (string Body, List<string> Trailers, int Consumed, bool Done) Decode(string input, int arrivals, HttpLimits? limits = null)
    {
        var bytes = Encoding.ASCII.GetBytes(input);
        var body = new List<byte>();
        var trailers = new List<string>();
        var sink = new Collector(body, trailers);
        var decoder = new ChunkedDecoder();
        var consumed = 0;
        for (var available = Math.Min(arrivals, bytes.Length); ; available = Math.Min(available + arrivals, bytes.Length))
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, consumed, available - consumed));
            var done = decoder.Decode(ref reader, ref sink, limits ?? HttpLimits.Default);
            consumed += (int)reader.Consumed;
            if (done || available == bytes.Length) return (Encoding.ASCII.GetString(body.ToArray()), trailers, consumed, done);
        }
    }

    [Test]
    [Arguments(1)]
    [Arguments(3)]
    [Arguments(1000)]
    public async Task Decodes_chunks_with_extensions_and_trailers_however_the_bytes_arrive(int arrivals)
    {
        const string Input = "5\r\nhello\r\nA;name=\"v\"\r\n, chunked.\r\n1 ; x\r\n!\r\n0\r\nX-Checksum: 42\r\n\r\nNEXT";
        var (body, trailers, consumed, done) = Decode(Input, arrivals);
        await Assert.That(done).IsTrue();
        await Assert.That(body).IsEqualTo("hello, chunked.!");
        await Assert.That(trailers).IsEquivalentTo(new[] { "X-Checksum: 42" });
        await Assert.That(consumed).IsEqualTo(Input.Length - "NEXT".Length);
    }

    [Test]
    public async Task Waits_for_the_rest_of_a_truncated_body()
    {
        var (body, _, _, done) = Decode("5\r\nhel", 1000);
        await Assert.That(done).IsFalse();
        await Assert.That(body).IsEqualTo("hel");
    }

    [Test]
    [Arguments("G\r\nhello\r\n0\r\n\r\n")]
    [Arguments("\r\nhello\r\n0\r\n\r\n")]
    [Arguments("5\r\nhelloXX0\r\n\r\n")]
    [Arguments("5\nhello\r\n0\r\n\r\n")]
    [Arguments("5 junk\r\nhello\r\n0\r\n\r\n")]
    [Arguments("5;ext\u0001\r\nhello\r\n0\r\n\r\n")]
    [Arguments("1000000000000000\r\n")]
    [Arguments("0\r\nBad Trailer: x\r\n\r\n")]
    public async Task Rejects_malformed_chunks(string input)
    {
        foreach (var arrivals in new[] { 1, 1000 })
        {
            var error = Assert.Throws<HttpRejectException>(() => Decode(input, arrivals));
            await Assert.That(error.StatusCode).IsEqualTo(400);
        }
    }

    [Test]
    public async Task Refuses_a_body_over_the_limit_with_413_before_reading_it()
    {
        var error = Assert.Throws<HttpRejectException>(() => Decode("10\r\n", 1000, new HttpLimits { MaxBodyBytes = 15 }));
        await Assert.That(error.Reason).IsEqualTo(HttpRejectReason.BodyTooLarge);
        await Assert.That(error.StatusCode).IsEqualTo(413);
    }

    [Test]
    public async Task Refuses_an_endless_size_line()
    {
        var error = Assert.Throws<HttpRejectException>(() => Decode("5;" + new string('x', 5000), 1000));
        await Assert.That(error.Reason).IsEqualTo(HttpRejectReason.InvalidChunk);
    }
}
