namespace AotSuite.Streams.Records;

/// <summary>Where a pipeline's records go: a CSV or JSONL writer.</summary>
public interface IRecordSink : IDisposable
{
    void Write(IReadOnlyList<string> columns, Record record);

    void Flush();
}
