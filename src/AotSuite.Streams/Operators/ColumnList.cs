namespace AotSuite.Streams.Operators;

/// <summary>Resolves column names given on a command line to indexes, with an error that lists what exists.</summary>
internal static class ColumnList
{
    public static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.Ordinal)) return i;
        }
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        throw new ArgumentException($"no column '{name}' (columns: {string.Join(",", columns)})");
    }

    public static int[] IndexesOf(IReadOnlyList<string> columns, IEnumerable<string> names) => [.. names.Select(n => IndexOf(columns, n))];
}
