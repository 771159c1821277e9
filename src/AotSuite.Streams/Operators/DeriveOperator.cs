using AotSuite.Streams.Records;

namespace AotSuite.Streams.Operators;

/// <summary>Adds a column computed from the row (<c>name=expression</c>), or replaces it when the name exists.</summary>
public sealed class DeriveOperator : IRecordSource
{
    private readonly IRecordSource source;
    private readonly Expression expression;
    private readonly int replaces;
    private readonly Record record = new();

    public DeriveOperator(IRecordSource source, string definition)
    {
        this.source = source;
        var eq = definition.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == definition.Length - 1 || definition[eq + 1] == '=') throw new ArgumentException($"derive '{definition}': expected name=expression");
        var name = definition[..eq].Trim();
        expression = Expression.Parse(definition[(eq + 1)..], source.Columns);
        replaces = source.Columns.ToList().FindIndex(c => string.Equals(c, name, StringComparison.Ordinal));
        Columns = replaces >= 0 ? source.Columns : [.. source.Columns, name];
    }

    public IReadOnlyList<string> Columns { get; }

    public Record Current => record;

    public bool MoveNext()
    {
        if (!source.MoveNext()) return false;
        var input = source.Current;
        record.Clear();
        record.CopyPosition(input);
        for (var i = 0; i < input.Count; i++)
        {
            if (i == replaces) expression.AppendTo(input, record);
            else record.Add(input[i], input.KindOf(i));
        }
        if (replaces < 0) expression.AppendTo(input, record);
        return true;
    }

    public void Dispose() => source.Dispose();
}
