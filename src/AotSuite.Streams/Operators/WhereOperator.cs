using AotSuite.Streams.Records;

namespace AotSuite.Streams.Operators;

/// <summary>Passes on the rows for which the expression holds.</summary>
public sealed class WhereOperator(IRecordSource source, string expression) : IRecordSource
{
    private readonly Expression predicate = Expression.Parse(expression, source.Columns);

    public IReadOnlyList<string> Columns => source.Columns;

    public Record Current => source.Current;

    public bool MoveNext()
    {
        while (source.MoveNext())
        {
            if (predicate.IsTrue(source.Current)) return true;
        }
        return false;
    }

    public void Dispose() => source.Dispose();
}
