using AotSuite.Streams.Records;

namespace AotSuite.Tools.Etl.Commands;

/// <summary>Sits right after the reader: counts rows for the progress bar and stops on Ctrl-C.</summary>
internal sealed class ProgressSource(IRecordSource source, EtlProgress progress, CancellationToken cancellationToken) : IRecordSource
{
    public IReadOnlyList<string> Columns => source.Columns;

    public Record Current => source.Current;

    public bool MoveNext()
    {
        if (!source.MoveNext()) return false;
        if (progress.Row()) cancellationToken.ThrowIfCancellationRequested();
        return true;
    }

    public void Dispose() => source.Dispose();
}
