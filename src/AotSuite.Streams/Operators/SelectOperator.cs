using AotSuite.Streams.Records;

namespace AotSuite.Streams.Operators;

/// <summary>Keeps the named columns in the order given (<c>--select</c>); each may be renamed with <c>old:new</c>.</summary>
public sealed class SelectOperator : IRecordSource
{
    private readonly IRecordSource source;
    private readonly int[] indexes;
    private readonly Record record = new();

    public SelectOperator(IRecordSource source, IEnumerable<string> columns)
    {
        this.source = source;
        var picked = columns.Select(static c => c.Split(':', 2)).ToArray();
        indexes = ColumnList.IndexesOf(source.Columns, picked.Select(static p => p[0]));
        Columns = [.. picked.Select((p, i) => p.Length == 2 ? p[1] : source.Columns[indexes[i]])];
    }

    public IReadOnlyList<string> Columns { get; }

    public Record Current => record;

    public bool MoveNext()
    {
        if (!source.MoveNext()) return false;
        var input = source.Current;
        record.Clear();
        record.CopyPosition(input);
        foreach (var i in indexes)
        {
            if (i < input.Count) record.Add(input[i], input.KindOf(i));
            else record.Add([], ValueKind.Text);
        }
        return true;
    }

    public void Dispose() => source.Dispose();
}
