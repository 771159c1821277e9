using System.Text;
using AotSuite.Streams.Csv;
using AotSuite.Streams.Jsonl;
using AotSuite.Streams.Records;

namespace AotSuite.Streams.Tests;

/// <summary>Runs CSV or JSONL text through a pipeline built by the test and returns what the sink wrote.</summary>
internal static class Pipelines
{
    public static IRecordSource Csv(string text, bool skipBad = false, CsvOptions? options = null) =>
        new CsvRecordSource(new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), options, "in.csv"), skipBad);

    public static IRecordSource Jsonl(string text, bool skipBad = false) =>
        new JsonlRecordSource(new JsonlReader(ChunkedStream.RandomSplits(Encoding.UTF8.GetBytes(text), 3), "in.jsonl", bufferSize: 64), skipBad);

    public static string ToCsv(IRecordSource source)
    {
        var output = new MemoryStream();
        using (source)
        using (var sink = new CsvRecordSink(new CsvWriter(output, leaveOpen: true)))
        {
            sink.WriteHeader(source.Columns);
            while (source.MoveNext()) sink.Write(source.Columns, source.Current);
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }

    public static string ToJsonl(IRecordSource source)
    {
        var output = new MemoryStream();
        using (source)
        using (var sink = new JsonlRecordSink(new JsonlWriter(output, leaveOpen: true)))
        {
            while (source.MoveNext()) sink.Write(source.Columns, source.Current);
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
