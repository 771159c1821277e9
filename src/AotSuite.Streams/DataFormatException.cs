namespace AotSuite.Streams;

/// <summary>
/// Malformed input: says where (file, 1-based line and byte column, the 1-based data row), what was found and what was
/// expected, e.g. <c>sales.csv:12:7: expected a delimiter or a line break after the closing quote, found 'x' (row 11)</c>.
/// </summary>
public sealed class DataFormatException(string file, long line, long column, long row, string problem)
    : FormatException($"{file}:{line}:{column}: {problem} (row {row})")
{
    public string File { get; } = file;

    public long Line { get; } = line;

    public long Column { get; } = column;

    /// <summary>The data row (1-based, a header not counted).</summary>
    public long Row { get; } = row;

    public string Problem { get; } = problem;
}
