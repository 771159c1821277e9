using AotSuite.Streams.Records;

namespace AotSuite.Streams.Csv;

/// <summary>
/// CSV rows as records. Without a header the columns are named by position, "1", "2", ... (as Miller does). With
/// <paramref name="skipBad"/>, a malformed row is counted in <see cref="Skipped"/> and reading goes on.
/// </summary>
public sealed class CsvRecordSource(CsvReader reader, bool skipBad = false) : IRecordSource
{
    private readonly Record record = new() { File = reader.File };
    private IReadOnlyList<string>? columns;
    private bool peeked;

    public IReadOnlyList<string> Columns => columns ??= Resolve();

    public Record Current => record;

    /// <summary>Malformed rows skipped so far.</summary>
    public long Skipped { get; private set; }

    public CsvReader Reader => reader;

    public bool MoveNext()
    {
        var names = Columns;
        if (peeked) peeked = false;
        else if (!ReadRow()) return false;
        record.Clear();
        record.Line = reader.Line;
        record.Row = reader.Row;
        var row = reader.Current;
        var count = names.Count > 0 ? names.Count : row.Count;
        for (var i = 0; i < count; i++) record.Add(row[i]);
        return true;
    }

    private bool ReadRow()
    {
        while (true)
        {
            try
            {
                return reader.Read();
            }
            catch (DataFormatException) when (skipBad)
            {
                Skipped++;
            }
        }
    }

    // Without a header the first row fixes the width; the first MoveNext then hands out that same row.
    private string[] Resolve()
    {
        if (reader.Header.Count > 0) return [.. reader.Header];
        if (!ReadRow()) return [];
        peeked = true;
        var names = new string[reader.FieldCount];
        for (var i = 0; i < names.Length; i++) names[i] = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return names;
    }

    public void Dispose() => reader.Dispose();
}
