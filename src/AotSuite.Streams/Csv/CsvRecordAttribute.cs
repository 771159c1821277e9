namespace AotSuite.Streams.Csv;

/// <summary>
/// Marks a partial record whose primary constructor parameters are CSV columns: the generator adds a reader and a
/// writer (<see cref="ICsvRecord{TSelf}"/>) with no reflection. Columns are matched by header name (exact, then ignoring
/// case), or by position when the CSV has no header.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class CsvRecordAttribute : Attribute;
