using System.IO.Pipelines;
using System.Text;
using AotSuite.Streams.Csv;

namespace AotSuite.Streams.Tests.Csv;

/// <summary>
/// Random CSV (fixed seeds) read by <see cref="CsvReader"/> whole, in random splits with small buffers, and through a
/// pipe, each compared with <see cref="ReferenceCsv"/>: the block classifier and the state machine must agree with the
/// naive parser on every row, field, line number and error position.
/// </summary>
public class CsvDifferentialTests
{
    private const int Seeds = 120;

    [Test]
    [Arguments(',')]
    [Arguments(';')]
    [Arguments('\t')]
    public async Task Reads_random_csv_as_the_reference_parser_does_in_any_split(char delimiter)
    {
        for (var seed = 0; seed < Seeds; seed++)
        {
            var random = new Random(seed * 131 + delimiter);
            var text = RandomCsv.Generate(random, delimiter, rows: random.Next(1, 80), columns: random.Next(1, 7));
            var expected = Describe(seed, ReferenceCsv.Parse(text, delimiter, out var error), error);
            await Assert.That(error.HasValue).IsFalse();
            foreach (var actual in ReadAllWays(seed, text, delimiter, random))
            {
                await Assert.That(await actual).IsEqualTo(expected);
            }
        }
    }

    [Test]
    [Arguments(',')]
    [Arguments('|')]
    public async Task Reports_text_after_a_closing_quote_where_the_reference_parser_does(char delimiter)
    {
        for (var seed = 0; seed < Seeds; seed++)
        {
            var random = new Random(seed * 7919 + delimiter);
            var rows = random.Next(1, 80);
            var text = RandomCsv.Generate(random, delimiter, rows, columns: random.Next(1, 6), brokenRow: random.Next(rows));
            var expected = Describe(seed, ReferenceCsv.Parse(text, delimiter, out var error), error);
            await Assert.That(error.HasValue).IsTrue();
            foreach (var actual in ReadAllWays(seed, text, delimiter, random))
            {
                await Assert.That(await actual).IsEqualTo(expected);
            }
        }
    }

    [Test]
    public async Task Reads_an_unterminated_quote_where_the_reference_parser_does()
    {
        for (var seed = 0; seed < Seeds; seed++)
        {
            var random = new Random(seed);
            var text = RandomCsv.Generate(random, ',', rows: random.Next(1, 40), columns: 3) + "\n1,\"open" + new string('x', random.Next(200));
            var expected = Describe(seed, ReferenceCsv.Parse(text, ',', out var error), error);
            await Assert.That(error.HasValue).IsTrue();
            foreach (var actual in ReadAllWays(seed, text, ',', random))
            {
                await Assert.That(await actual).IsEqualTo(expected);
            }
        }
    }

    private static IEnumerable<Task<string>> ReadAllWays(int seed, string text, char delimiter, Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var options = new CsvOptions { Delimiter = (byte)delimiter, HasHeader = false };
        var prefix = $"seed {seed}\n";
        var split = random.Next();
        yield return Task.FromResult(prefix + ReadStream(ChunkedStream.Whole(bytes), options, 1 << 16));
        yield return Task.FromResult(prefix + ReadStream(ChunkedStream.RandomSplits(bytes, split), options, random.Next(64, 700)));
        yield return ReadPipe(prefix, bytes, options, random.Next(64, 700), new Random(split));
        // Read ahead on a second thread, with buffers small enough that rows straddle chunks and outgrow their room.
        yield return Task.FromResult(prefix + ReadStream(ChunkedStream.RandomSplits(bytes, split), options, random.Next(64, 300), readAhead: true));
    }

    private static string ReadStream(Stream stream, CsvOptions options, int bufferSize, bool readAhead = false)
    {
        var rows = new StringBuilder();
        try
        {
            using var reader = new CsvReader(stream, options, "test.csv", bufferSize, readAhead: readAhead);
            while (reader.Read()) Append(rows, reader);
            return Describe(rows, null);
        }
        catch (DataFormatException e)
        {
            return Describe(rows, (e.Line, e.Column));
        }
    }

    private static async Task<string> ReadPipe(string prefix, byte[] bytes, CsvOptions options, int bufferSize, Random random)
    {
        var pipe = new Pipe();
        var writing = Task.Run(async () =>
        {
            for (var at = 0; at < bytes.Length;)
            {
                var n = Math.Min(random.Next(1, 300), bytes.Length - at);
                await pipe.Writer.WriteAsync(bytes.AsMemory(at, n));
                at += n;
            }
            await pipe.Writer.CompleteAsync();
        });
        var rows = new StringBuilder();
        string result;
        try
        {
            using var reader = await CsvReader.OpenAsync(pipe.Reader, options, "test.csv", bufferSize);
            while (await reader.ReadAsync()) Append(rows, reader);
            result = Describe(rows, null);
        }
        catch (DataFormatException e)
        {
            result = Describe(rows, (e.Line, e.Column));
        }
        await writing;
        return prefix + result;
    }

    private static void Append(StringBuilder rows, CsvReader reader)
    {
        rows.Append('@').Append(reader.Line);
        for (var i = 0; i < reader.FieldCount; i++) rows.Append('[').Append(reader.GetString(i)).Append(']');
        rows.Append('\n');
    }

    private static string Describe(int seed, List<ReferenceCsv.Row> rows, (long Line, long Column)? error)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append('@').Append(row.Line);
            foreach (var field in row.Fields) text.Append('[').Append(field).Append(']');
            text.Append('\n');
        }
        return $"seed {seed}\n" + Describe(text, error);
    }

    private static string Describe(StringBuilder rows, (long Line, long Column)? error) =>
        rows + (error is { } e ? $"error at {e.Line}:{e.Column}\n" : "end\n");
}
