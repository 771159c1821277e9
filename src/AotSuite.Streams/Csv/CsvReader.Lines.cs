using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace AotSuite.Streams.Csv;

public sealed partial class CsvReader
{
    // Line numbers are counted on demand from the nearest of two exact marks (buffer position, 1-based line there):
    // the anchor moves with every question, the checkpoint is where the block classifier stopped (its popcounts are
    // free). Reading without asking costs nothing; asking row after row costs a count over each row.
    private int anchorPos, checkpointPos;
    private long anchorLine, checkpointLine;

    /// <summary>The 1-based line of buffer position <paramref name="pos"/> (a line break belongs to the line it ends).</summary>
    private long LineAt(int pos)
    {
        long line;
        if (Math.Abs(pos - checkpointPos) < Math.Abs(pos - anchorPos))
        {
            line = pos >= checkpointPos ? checkpointLine + CountBreaks(checkpointPos, pos) : checkpointLine - CountBreaks(pos, checkpointPos);
        }
        else
        {
            line = pos >= anchorPos ? anchorLine + CountBreaks(anchorPos, pos) : anchorLine - CountBreaks(pos, anchorPos);
        }
        anchorPos = pos;
        anchorLine = line;
        return line;
    }

    /// <summary>
    /// Line breaks in buffer[from..to): every CR, and every LF not preceded by a CR (buffer[from - 1] always exists), the
    /// rule the block classifier's popcount uses.
    /// </summary>
    private int CountBreaks(int from, int to)
    {
        Debug.Assert(from >= 1 && from <= to && to <= end);
        var span = buffer.AsSpan(from, to - from);
        var crs = span.Count((byte)'\r');
        var breaks = crs + span.Count((byte)'\n');
        if (crs > 0 || buffer[from - 1] == '\r') breaks -= buffer.AsSpan(from - 1, to - from + 1).Count("\r\n"u8);
        return breaks;
    }

    /// <summary>Line and byte column of <paramref name="position"/> in the row starting at <paramref name="rowStart"/> (error path only).</summary>
    private DataFormatException ErrorAt(int rowStart, int position, string problem, long row)
    {
        var line = LineAt(rowStart);
        var lineStart = rowStart;
        var limit = Math.Min(position, end);
        for (var i = rowStart; i < limit; i++)
        {
            var b = buffer[i];
            if (b == '\n' || (b == '\r' && (i + 1 >= end || buffer[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new DataFormatException(file, line, position - lineStart + 1, row, problem);
    }

    /// <summary>Throws for a malformed row; a caller that skips bad rows reads on from the line after the error.</summary>
    [DoesNotReturn]
    private void ThrowAt(int rowStart, int position, string problem)
    {
        var error = ErrorAt(rowStart, position, problem, Row + 1);
        skipping = true;
        parsePos = Math.Min(position, end);
        rowCount = 0;
        Row++;
        throw error;
    }
}
