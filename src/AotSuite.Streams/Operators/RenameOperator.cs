using AotSuite.Streams.Records;

namespace AotSuite.Streams.Operators;

/// <summary>Renames columns (<c>old=new</c> pairs); the rows pass through untouched.</summary>
public sealed class RenameOperator : IRecordSource
{
    private readonly IRecordSource source;

    public RenameOperator(IRecordSource source, IEnumerable<string> renames)
    {
        this.source = source;
        var names = source.Columns.ToArray();
        foreach (var pair in renames)
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || parts[1].Length == 0) throw new ArgumentException($"rename '{pair}': expected old=new");
            names[ColumnList.IndexOf(names, parts[0])] = parts[1];
        }
        Columns = names;
    }

    public IReadOnlyList<string> Columns { get; }

    public Record Current => source.Current;

    public bool MoveNext() => source.MoveNext();

    public void Dispose() => source.Dispose();
}
