using System.Text;
using AotSuite.Streams.Csv;

namespace AotSuite.Streams.Tests.Csv;

public class CsvWriterTests
{
    [Test]
    public async Task Quotes_only_fields_that_need_it_and_doubles_quotes()
    {
        var output = new MemoryStream();
        using (var writer = new CsvWriter(output, leaveOpen: true))
        {
            writer.WriteRow("plain", "with, comma", "say \"hi\"", "two\nlines", "");
            writer.WriteValue(12.5m);
            writer.WriteValue(new DateOnly(2024, 2, 29), "yyyy-MM-dd");
            writer.EndRow();
        }
        await Assert.That(Encoding.UTF8.GetString(output.ToArray()))
            .IsEqualTo("plain,\"with, comma\",\"say \"\"hi\"\"\",\"two\nlines\",\n12.5,2024-02-29\n");
    }

    [Test]
    public async Task Escapes_with_a_backslash_dialect_and_ends_rows_with_crlf()
    {
        var output = new MemoryStream();
        var options = new CsvOptions { Delimiter = (byte)';', Escape = (byte)'\\', NewLine = "\r\n" };
        using (var writer = new CsvWriter(output, options, leaveOpen: true)) writer.WriteRow("a;b", "q\"", "x");
        await Assert.That(Encoding.UTF8.GetString(output.ToArray())).IsEqualTo("\"a;b\";\"q\\\"\";x\r\n");
    }

    [Test]
    public async Task Round_trips_random_fields_through_the_reader()
    {
        var random = new Random(42);
        const string Alphabet = "ab ,\"\r\n;é";
        var rows = new List<string[]>();
        for (var r = 0; r < 500; r++)
        {
            rows.Add([.. Enumerable.Range(0, 4).Select(_ => new string([.. Enumerable.Range(0, random.Next(0, 8)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]))]);
        }
        var output = new MemoryStream();
        using (var writer = new CsvWriter(output, leaveOpen: true, bufferSize: 256))
        {
            foreach (var row in rows) writer.WriteRow(row);
        }
        var back = new List<string[]>();
        using (var reader = new CsvReader(ChunkedStream.RandomSplits(output.ToArray(), 1), new CsvOptions { HasHeader = false }, bufferSize: 64))
        {
            while (reader.Read()) back.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }
        // A row of one empty field is written as a blank line, which readers skip (as csv-parse does).
        var expected = rows.Where(static r => r.Any(static f => f.Length > 0) || r.Length > 1).Select(static r => string.Join("|", r));
        await Assert.That(string.Join("\n", back.Select(static r => string.Join("|", r)))).IsEqualTo(string.Join("\n", expected));
    }
}
