using AotSuite.Streams.Records;

namespace AotSuite.Streams.Operators;

/// <summary>Drops the first <paramref name="count"/> rows.</summary>
public sealed class SkipOperator(IRecordSource source, long count) : IRecordSource
{
    private long skipped;

    public IReadOnlyList<string> Columns => source.Columns;

    public Record Current => source.Current;

    public bool MoveNext()
    {
        while (skipped < count)
        {
            if (!source.MoveNext()) return false;
            skipped++;
        }
        return source.MoveNext();
    }

    public void Dispose() => source.Dispose();
}
