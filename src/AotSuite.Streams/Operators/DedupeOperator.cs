using System.Text;
using AotSuite.Streams.Records;

namespace AotSuite.Streams.Operators;

/// <summary>
/// Keeps the first row of each distinct key (the named columns, or the whole row). Memory grows with the number of
/// distinct keys, not rows, as with xsv dedup and Miller's uniq.
/// </summary>
public sealed class DedupeOperator(IRecordSource source, IEnumerable<string>? keyColumns = null) : IRecordSource
{
    private readonly int[]? keys = keyColumns is null ? null : ColumnList.IndexesOf(source.Columns, keyColumns);
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly StringBuilder key = new();

    public IReadOnlyList<string> Columns => source.Columns;

    public Record Current => source.Current;

    public bool MoveNext()
    {
        while (source.MoveNext())
        {
            if (seen.Add(RecordKey.Of(source.Current, keys, key))) return true;
        }
        return false;
    }

    public void Dispose() => source.Dispose();
}
