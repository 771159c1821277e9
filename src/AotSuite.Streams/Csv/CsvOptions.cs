namespace AotSuite.Streams.Csv;

/// <summary>What a row with a different number of fields than the header (or the first row) does.</summary>
public enum RaggedRows
{
    /// <summary>Throw a <see cref="DataFormatException"/> naming the row, its lines and the expected count.</summary>
    Error,

    /// <summary>Missing fields read as empty; extra fields are kept but have no column name.</summary>
    Pad,
}

/// <summary>The dialect of a CSV file: RFC 4180 by default (comma, double quote, quote doubled to escape it, header row).</summary>
public sealed record CsvOptions
{
    public static CsvOptions Default { get; } = new();

    public byte Delimiter { get; init; } = (byte)',';

    public byte Quote { get; init; } = (byte)'"';

    /// <summary>The byte that escapes a quote inside a quoted field; the quote itself by default (RFC 4180 <c>""</c>), or e.g. <c>\</c>.</summary>
    public byte Escape { get; init; } = (byte)'"';

    /// <summary>Whether the first row names the columns.</summary>
    public bool HasHeader { get; init; } = true;

    public RaggedRows RaggedRows { get; init; } = RaggedRows.Error;

    /// <summary>The longest row accepted, in bytes; bounds the buffer so one bad quote cannot swallow the memory.</summary>
    public int MaxRowBytes { get; init; } = 64 << 20;

    /// <summary>The line ending the writer uses (the reader accepts CRLF, LF and CR).</summary>
    public string NewLine { get; init; } = "\n";

    internal void Validate()
    {
        if (Delimiter is (byte)'\r' or (byte)'\n' || Delimiter == Quote)
        {
            throw new ArgumentOutOfRangeException(nameof(Delimiter), (char)Delimiter, "must not be a line break or the quote");
        }
        if (Quote is (byte)'\r' or (byte)'\n') throw new ArgumentOutOfRangeException(nameof(Quote), (char)Quote, "must not be a line break");
        if (Escape is (byte)'\r' or (byte)'\n' || Escape == Delimiter)
        {
            throw new ArgumentOutOfRangeException(nameof(Escape), (char)Escape, "must not be a line break or the delimiter");
        }
    }
}
