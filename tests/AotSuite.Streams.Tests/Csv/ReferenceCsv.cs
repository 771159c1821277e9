using System.Text;

namespace AotSuite.Streams.Tests.Csv;

/// <summary>
/// A deliberately naive CSV parser (RFC 4180 quoting, one character at a time) that the differential tests hold the
/// vectorized reader against: same rows, same fields, same starting lines, same error position.
/// </summary>
internal static class ReferenceCsv
{
    public sealed record Row(long Line, string[] Fields);

    /// <summary>The rows of <paramref name="text"/>; <paramref name="error"/> is the (line, column) of the first malformed spot.</summary>
    public static List<Row> Parse(string text, char delimiter, out (long Line, long Column)? error)
    {
        var rows = new List<Row>();
        error = null;
        var i = text.StartsWith('\uFEFF') ? 1 : 0;
        var n = text.Length;
        while (i < n)
        {
            if (text[i] is '\n' or '\r')
            {
                i++; // blank lines carry no row
                continue;
            }
            var rowStart = i;
            var fields = new List<string>();
            while (true)
            {
                var fieldStart = i;
                if (i < n && text[i] == '"')
                {
                    var value = new StringBuilder();
                    i++;
                    while (true)
                    {
                        if (i >= n)
                        {
                            error = Locate(text, fieldStart);
                            return rows;
                        }
                        if (text[i] == '"')
                        {
                            if (i + 1 < n && text[i + 1] == '"')
                            {
                                value.Append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        value.Append(text[i++]);
                    }
                    if (i < n && text[i] != delimiter && text[i] is not ('\n' or '\r'))
                    {
                        error = Locate(text, i);
                        return rows;
                    }
                    fields.Add(value.ToString());
                }
                else
                {
                    var start = i;
                    while (i < n && text[i] != delimiter && text[i] is not ('\n' or '\r')) i++;
                    fields.Add(text[start..i]);
                }
                if (i < n && text[i] == delimiter)
                {
                    i++;
                    continue;
                }
                if (i < n) i += text[i] == '\r' && i + 1 < n && text[i + 1] == '\n' ? 2 : 1;
                break;
            }
            rows.Add(new Row(Locate(text, rowStart).Line, [.. fields]));
        }
        return rows;
    }

    /// <summary>1-based line and UTF-8 byte column of character index <paramref name="at"/> (a BOM is not part of line 1).</summary>
    private static (long Line, long Column) Locate(string text, int at)
    {
        long line = 1;
        var lineStart = 0;
        for (var i = 0; i < at; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }
        if (lineStart == 0 && text.StartsWith('\uFEFF')) lineStart = 1;
        return (line, Encoding.UTF8.GetByteCount(text.AsSpan(lineStart, at - lineStart)) + 1);
    }
}
