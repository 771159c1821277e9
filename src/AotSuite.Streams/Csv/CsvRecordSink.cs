using AotSuite.Streams.Records;

namespace AotSuite.Streams.Csv;

/// <summary>Writes records as CSV, the header first (unless <paramref name="writeHeader"/> is false).</summary>
public sealed class CsvRecordSink(CsvWriter writer, bool writeHeader = true) : IRecordSink
{
    private bool headerDone = !writeHeader;

    public void Write(IReadOnlyList<string> columns, Record record)
    {
        if (!headerDone)
        {
            WriteHeader(columns);
        }
        for (var i = 0; i < record.Count; i++) writer.WriteField(record[i]);
        writer.EndRow();
    }

    /// <summary>Writes the header now (an empty input still gets one).</summary>
    public void WriteHeader(IReadOnlyList<string> columns)
    {
        if (headerDone || columns.Count == 0) return;
        headerDone = true;
        foreach (var name in columns) writer.WriteField(name);
        writer.EndRow();
    }

    public void Flush() => writer.Flush();

    public void Dispose() => writer.Dispose();
}
