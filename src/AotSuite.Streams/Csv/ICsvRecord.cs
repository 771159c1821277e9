namespace AotSuite.Streams.Csv;

/// <summary>Implemented by the generator for every <see cref="CsvRecordAttribute"/> type.</summary>
public interface ICsvRecord<TSelf> where TSelf : ICsvRecord<TSelf>
{
    /// <summary>The column names, in order.</summary>
    static abstract IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The field index of each column for this reader: by header name, or by position without a header.</summary>
    static virtual int[] MapColumns(CsvReader reader) => CsvColumns.Map(reader, TSelf.ColumnNames);

    /// <summary>The current row of <paramref name="reader"/> as a record; parse errors name file, line, column and type.</summary>
    static abstract TSelf Read(CsvReader reader, int[] columns);

    /// <summary>Writes this record as one row.</summary>
    void Write(CsvWriter writer);
}

/// <summary>Reading and writing whole files of <see cref="ICsvRecord{TSelf}"/> records.</summary>
public static class CsvRecords
{
    /// <summary>Every row of <paramref name="reader"/> as a <typeparamref name="T"/>.</summary>
    public static IEnumerable<T> Read<T>(CsvReader reader) where T : ICsvRecord<T>
    {
        var columns = T.MapColumns(reader);
        while (reader.Read()) yield return T.Read(reader, columns);
    }

    /// <summary>Writes the header, then every record.</summary>
    public static void Write<T>(CsvWriter writer, IEnumerable<T> records) where T : ICsvRecord<T>
    {
        foreach (var name in T.ColumnNames) writer.WriteField(name);
        writer.EndRow();
        foreach (var record in records) record.Write(writer);
    }
}

/// <summary>Header-to-member mapping for generated readers.</summary>
public static class CsvColumns
{
    public static int[] Map(CsvReader reader, IReadOnlyList<string> names)
    {
        var map = new int[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (reader.Header.Count == 0)
            {
                map[i] = i;
                continue;
            }
            map[i] = IndexOf(reader.Header, names[i], StringComparison.Ordinal);
            if (map[i] < 0) map[i] = IndexOf(reader.Header, names[i], StringComparison.OrdinalIgnoreCase);
            if (map[i] < 0)
            {
                throw new DataFormatException(reader.File, 1, 1, 0, $"the header has no column '{names[i]}' (columns: {string.Join(",", reader.Header)})");
            }
        }
        return map;
    }

    private static int IndexOf(IReadOnlyList<string> header, string name, StringComparison comparison)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), name, comparison)) return i;
        }
        return -1;
    }
}
