namespace AotSuite.Streams.Records;

/// <summary>
/// A pull-based stage of a pipeline: the consumer asks for the next row, so a slow writer slows the reader down and
/// nothing queues up in between (backpressure by construction, as with a paused Node stream).
/// </summary>
public interface IRecordSource : IDisposable
{
    /// <summary>The column names of every record this stage produces.</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>Produces the next record into <see cref="Current"/>; false when there are no more.</summary>
    bool MoveNext();

    /// <summary>The record produced last; reused, valid until the next <see cref="MoveNext"/>.</summary>
    Record Current { get; }
}
