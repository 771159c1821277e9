using System.Text;
using AotSuite.Streams.Csv;

namespace AotSuite.Streams.Tests.Csv;

/// <summary>Reads CSV text the three ways every parser is tested (whole, byte by byte, random splits) and checks they agree.</summary>
internal static class CsvReading
{
    public static string Rows(string csv, CsvOptions? options = null, int bufferSize = 1 << 17)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        var whole = Read(ChunkedStream.Whole(bytes), options, bufferSize);
        var single = Read(ChunkedStream.ByteByByte(bytes), options, bufferSize);
        if (single != whole) throw new InvalidOperationException($"byte by byte read\n{single}\nbut whole read\n{whole}");
        for (var seed = 0; seed < 20; seed++)
        {
            var split = Read(ChunkedStream.RandomSplits(bytes, seed), options, 64);
            if (split != whole) throw new InvalidOperationException($"random splits (seed {seed}) read\n{split}\nbut whole read\n{whole}");
        }
        return whole;
    }

    /// <summary>One line per row: the header (if any) as <c>H:</c>, then fields in brackets, <c>@line</c> at the end.</summary>
    public static string Read(Stream stream, CsvOptions? options, int bufferSize)
    {
        using var reader = new CsvReader(stream, options, "test.csv", bufferSize);
        var text = new StringBuilder();
        if (reader.Header.Count > 0) text.Append("H:").AppendJoin("|", reader.Header).Append('\n');
        // Rows through foreach; the row view must read what the reader's indexer reads.
        foreach (var row in reader)
        {
            if (row.Count != reader.FieldCount) throw new InvalidOperationException($"row view has {row.Count} fields, the reader {reader.FieldCount}");
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (!row[i].SequenceEqual(reader[i])) throw new InvalidOperationException($"row view read [{Encoding.UTF8.GetString(row[i])}] at {i}, the reader [{reader.GetString(i)}]");
                text.Append('[').Append(reader.GetString(i)).Append(']');
            }
            text.Append(" @").Append(reader.Line).Append('\n');
        }
        return text.ToString();
    }

    public static DataFormatException Error(string csv, CsvOptions? options = null)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        DataFormatException? first = null;
        foreach (var stream in new Stream[] { ChunkedStream.Whole(bytes), ChunkedStream.ByteByByte(bytes), ChunkedStream.RandomSplits(bytes, 7) })
        {
            try
            {
                Read(stream, options, 64);
                throw new InvalidOperationException("expected a DataFormatException");
            }
            catch (DataFormatException e)
            {
                if (first is not null && first.Message != e.Message) throw new InvalidOperationException($"split reads disagree:\n{first.Message}\n{e.Message}");
                first = e;
            }
        }
        return first!;
    }
}
