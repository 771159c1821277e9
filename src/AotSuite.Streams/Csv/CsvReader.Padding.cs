using System.Buffers;
using System.Runtime.CompilerServices;

namespace AotSuite.Streams.Csv;

public sealed partial class CsvReader
{
    // The current padded row's copy (RaggedRows.Pad): its bytes, then delimiters; its field ends, then one more entry per
    // missing field. Pooled and reused, rewritten by the next padded row.
    private byte[] paddedBytes = [];
    private int[] paddedEnds = [];

    /// <summary>
    /// The current row, shorter than the header, as a view of <see cref="FieldCount"/> fields: its bytes and field ends are
    /// copied, and each missing field is an entry one past the one before, so it reads as empty (its first byte is one of
    /// the delimiters after the copy, never the quote). Row views then need no check for padding per field.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private CsvRow PaddedRow()
    {
        var before = colEnds[colBase];
        var length = colEnds[colBase + fieldCount] - before + 1; // from the byte before the row to its last field's end
        var missing = paddedCount - fieldCount;
        if (paddedBytes.Length < length + missing + Padding) paddedBytes = Regrow(paddedBytes, length + missing + Padding);
        if (paddedEnds.Length < paddedCount + 1) paddedEnds = Regrow(paddedEnds, paddedCount + 1);
        buffer.AsSpan(before, length).CopyTo(paddedBytes);
        paddedBytes.AsSpan(length, missing + Padding).Fill(delimiter);
        for (var i = 0; i <= fieldCount; i++) paddedEnds[i] = colEnds[colBase + i] - before;
        for (var i = 1; i <= missing; i++) paddedEnds[fieldCount + i] = length - 1 + i;
        return new CsvRow(this, ref paddedEnds[0], ref paddedBytes[0], paddedCount);
    }

    private void ReturnPadded()
    {
        if (paddedBytes.Length > 0) ArrayPool<byte>.Shared.Return(paddedBytes);
        if (paddedEnds.Length > 0) ArrayPool<int>.Shared.Return(paddedEnds);
        paddedBytes = [];
        paddedEnds = [];
    }
}
