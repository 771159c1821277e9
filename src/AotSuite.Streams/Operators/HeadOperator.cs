using AotSuite.Streams.Records;

namespace AotSuite.Streams.Operators;

/// <summary>Stops after <paramref name="count"/> rows, without reading the rest of the input.</summary>
public sealed class HeadOperator(IRecordSource source, long count) : IRecordSource
{
    private long taken;

    public IReadOnlyList<string> Columns => source.Columns;

    public Record Current => source.Current;

    public bool MoveNext()
    {
        if (taken >= count || !source.MoveNext()) return false;
        taken++;
        return true;
    }

    public void Dispose() => source.Dispose();
}
