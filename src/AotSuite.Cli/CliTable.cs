namespace AotSuite.Cli;

/// <summary>
/// An aligned text table. Widths count what the eye sees (ANSI codes excluded, wide characters as one cell), columns
/// are two spaces apart, and the last column is not padded so lines carry no trailing blanks.
/// </summary>
public sealed class CliTable
{
    private readonly string[] headers;
    private readonly bool[] rightAligned;
    private readonly List<string[]> rows = [];

    /// <param name="headers">Column titles; prefix one with '>' to right-align that column (e.g. "&gt;ID").</param>
    public CliTable(params string[] headers)
    {
        this.headers = headers.Select(static h => h.TrimStart('>')).ToArray();
        rightAligned = headers.Select(static h => h.StartsWith('>')).ToArray();
    }

    public int Count => rows.Count;

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"a row has {cells.Length} cells; the table has {headers.Length} columns", nameof(cells));
        }
        rows.Add(cells);
    }

    /// <summary>Writes the header (through <paramref name="headerStyle"/>, e.g. bold) and every row.</summary>
    public void Write(TextWriter writer, Func<string, string>? headerStyle = null)
    {
        var widths = new int[headers.Length];
        foreach (var row in rows.Prepend(headers))
        {
            for (var i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], VisibleWidth(row[i]));
        }

        WriteRow(writer, headers, widths, headerStyle);
        foreach (var row in rows) WriteRow(writer, row, widths, null);
    }

    // Cells go straight to the writer: building each line first cost two strings per row on 100,000-row listings.
    private void WriteRow(TextWriter writer, string[] cells, int[] widths, Func<string, string>? style)
    {
        var last = cells.Length - 1;
        while (last > 0 && cells[last].Length == 0) last--; // no trailing blanks
        for (var i = 0; i <= last; i++)
        {
            var cell = style is null ? cells[i] : style(cells[i]);
            var pad = widths[i] - VisibleWidth(cells[i]);
            if (rightAligned[i]) Pad(writer, pad);
            writer.Write(cell);
            if (i < last)
            {
                if (!rightAligned[i]) Pad(writer, pad);
                writer.Write("  ");
            }
        }
        writer.WriteLine();
    }

    private static void Pad(TextWriter writer, int count)
    {
        const string Spaces = "                                                                ";
        for (; count > 0; count -= Spaces.Length) writer.Write(Spaces.AsSpan(0, Math.Min(count, Spaces.Length)));
    }

    /// <summary>Columns a cell occupies on a terminal: escape sequences take none.</summary>
    internal static int VisibleWidth(string text)
    {
        var width = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\e')
            {
                while (i < text.Length && text[i] != 'm') i++;
                continue;
            }
            if (!char.IsLowSurrogate(text[i])) width++;
        }
        return width;
    }
}
