using System.Buffers;
using System.Runtime.CompilerServices;

namespace AotSuite.Streams.Csv;

public sealed partial class CsvReader
{
    // Room after the data so a 64-byte block load at any data position stays inside the array.
    private const int Padding = 64;

    // buffer[0 .. end) holds data. buffer[parsePos - 1] is always the byte before the next row (a line break, or a
    // stand-in at the start of the input), so the classifier and the line counter can look one byte back.
    private byte[] buffer = [];
    private int end;
    private int parsePos;        // where the next batch starts: always the start of a row (or of the rest of a bad line)
    private long streamOffset;   // input bytes before buffer[0]
    private bool eof;
    private bool bomChecked;
    private bool skipping;       // after a malformed row: drop the rest of its line before the next batch

    // The batch: colEnds holds the position of every field end (delimiter or line break outside quotes) in order, and
    // row r is rowSpans[2r] (the entry before its first field) to rowSpans[2r + 1] (its last field's end).
    private int[] colEnds = [];
    private int[] rowSpans = [];
    private int[] lineEntries = [];  // the block classifier's line breaks outside quotes, as colEnds entries
    private int rowCount;
    private int rowIndex;

    private void InitBuffers(int bufferSize)
    {
        buffer = ArrayPool<byte>.Shared.Rent(bufferSize + 1 + Padding);
        buffer[0] = (byte)'\n';
        parsePos = 1;
        EndDataAt(1);
        streamOffset = -1;
        colEnds = ArrayPool<int>.Shared.Rent(2 << 10);
        colEnds[0] = 0; // no row yet: Line and errors read position 1
        SizeRowArrays();
        if (CompressesPairs) slots = ArrayPool<byte>.Shared.Rent(SlotFields * Block);
        anchorPos = checkpointPos = 1;
        anchorLine = checkpointLine = 1;
    }

    private void ReturnBuffers()
    {
        if (readAhead?.Owns(buffer) != true) ArrayPool<byte>.Shared.Return(buffer);
        ArrayPool<int>.Shared.Return(colEnds);
        if (rowSpans.Length > 0) ArrayPool<int>.Shared.Return(rowSpans);
        if (lineEntries.Length > 0) ArrayPool<int>.Shared.Return(lineEntries);
        buffer = [];
        colEnds = rowSpans = lineEntries = [];
        ReturnUnescaped();
        ReturnPadded();
    }

    /// <summary>A pooled array of at least <paramref name="length"/> for one whose contents are no longer needed.</summary>
    private static T[] Regrow<T>(T[] array, int length)
    {
        if (array.Length > 0) ArrayPool<T>.Shared.Return(array);
        return ArrayPool<T>.Shared.Rent(length);
    }

    private enum Outcome { Rows, NeedMore, End }

    /// <summary>Parses the next batch, reading as needed, and enters its first row; false at the end of the input.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool NextBatchRow()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        while (true)
        {
            switch (NextBatch())
            {
                case Outcome.Rows:
                    Enter();
                    return true;
                case Outcome.End:
                    return Ended();
                default:
                    if (readAhead is not null)
                    {
                        TakeChunk();
                        break;
                    }
                    var room = PrepareFill();
                    Filled(source.Read(room));
                    break;
            }
        }
    }

    private async ValueTask<bool> NextRowAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (++rowIndex < rowCount)
        {
            Enter();
            return true;
        }
        while (true)
        {
            switch (NextBatch())
            {
                case Outcome.Rows:
                    Enter();
                    return true;
                case Outcome.End:
                    return Ended();
                default:
                    if (readAhead is not null)
                    {
                        TakeChunk(); // waits on the read-ahead thread, which does the I/O
                        break;
                    }
                    var room = PrepareFill();
                    Filled(await source.ReadAsync(buffer.AsMemory(end, room.Length), cancellationToken).ConfigureAwait(false));
                    break;
            }
        }
    }

    /// <summary>No current row any more: fields read as out of range, <see cref="Line"/> is the line after the input.</summary>
    private bool Ended()
    {
        colEnds[0] = parsePos - 1;
        colBase = fieldCount = paddedCount = 0;
        return false;
    }

    /// <summary>Parses the rows that the buffered data completes; no I/O.</summary>
    private Outcome NextBatch()
    {
        rowIndex = rowCount = 0;
        if (!bomChecked)
        {
            // A BOM may arrive a byte at a time: wait until three bytes are here or the input ends.
            if (end - parsePos < 3 && !eof) return Outcome.NeedMore;
            if (buffer.AsSpan(parsePos, end - parsePos).StartsWith("\uFEFF"u8)) parsePos += 3;
            bomChecked = true;
        }
        if (skipping)
        {
            var lf = buffer.AsSpan(parsePos, end - parsePos).IndexOf((byte)'\n');
            if (lf < 0)
            {
                parsePos = end;
                return eof ? Outcome.End : Outcome.NeedMore;
            }
            parsePos += lf + 1;
            skipping = false;
        }
        // The classifier leaves rows it cannot vouch for, and the rows in the last partial block, to the state machine:
        // a slow network source gets every complete row without waiting for 64 more bytes.
        if (escape == quote && ParseBlocks()) return Outcome.Rows;
        return ParseRow();
    }

    /// <summary>Makes room for more input after the data: drops consumed rows, grows for a row longer than the buffer.</summary>
    private Span<byte> PrepareFill()
    {
        var keep = parsePos - 1; // the byte before the next row stays, for the look-back
        if (keep > 0)
        {
            var line = LineAt(parsePos);
            buffer.AsSpan(keep, end - keep).CopyTo(buffer);
            streamOffset += keep;
            EndDataAt(end - keep);
            parsePos -= keep;
            anchorPos = checkpointPos = parsePos;
            anchorLine = checkpointLine = line;
        }
        var capacity = buffer.Length - Padding;
        if (end == capacity)
        {
            var limit = options.MaxRowBytes + 1L; // the look-back byte rides along
            if (capacity >= limit) ThrowRowTooLong();
            var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(capacity * 2L, limit) + Padding);
            buffer.AsSpan(0, end).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = grown;
        }
        return buffer.AsSpan(end, buffer.Length - Padding - end);
    }

    private void ThrowRowTooLong() =>
        ThrowAt(parsePos, parsePos, $"a row is longer than {options.MaxRowBytes} bytes; expected a line break (is a quote left open?)");

    /// <summary>
    /// Moves on to the read-ahead's next chunk, parsed where the thread wrote it: only the unfinished row is copied, into
    /// the room before the chunk. A row longer than that room grows in a buffer of the reader's own, which then takes
    /// copies of the chunks until the row ends.
    /// </summary>
    private void TakeChunk()
    {
        var ahead = readAhead!;
        var count = ahead.Take(out var next);
        if (count == 0)
        {
            eof = true;
            return;
        }
        var keep = parsePos - 1; // the byte before the next row stays, for the look-back
        var tail = end - keep;
        var line = LineAt(parsePos);
        int start;
        if (tail <= ahead.Reserve)
        {
            start = ahead.Reserve - tail;
            buffer.AsSpan(keep, tail).CopyTo(next.AsSpan(start));
            LeaveBuffer(ahead);
            buffer = next;
            EndDataAt(ahead.Reserve + count);
        }
        else
        {
            if (tail > options.MaxRowBytes + 1L) ThrowRowTooLong();
            start = 0;
            var grow = ahead.Owns(buffer) || buffer.Length - Padding < tail + count;
            var target = grow ? ArrayPool<byte>.Shared.Rent(Math.Max(2 * tail, tail + count) + Padding) : buffer;
            buffer.AsSpan(keep, tail).CopyTo(target);
            next.AsSpan(ahead.Reserve, count).CopyTo(target.AsSpan(tail));
            if (grow) LeaveBuffer(ahead);
            ahead.Release(); // the chunk's slot: copied (released after the older slot LeaveBuffer gives back)
            buffer = target;
            EndDataAt(tail + count);
        }
        streamOffset += keep - start;
        parsePos = start + 1;
        anchorPos = checkpointPos = parsePos;
        anchorLine = checkpointLine = line;
    }

    /// <summary>Gives the buffer being left back where it came from: the read-ahead's ring or the pool.</summary>
    private void LeaveBuffer(ReadAhead ahead)
    {
        if (ahead.Owns(buffer)) ahead.Release();
        else ArrayPool<byte>.Shared.Return(buffer);
    }

    private void Filled(int read)
    {
        if (read == 0) eof = true;
        EndDataAt(end + read);
    }

    /// <summary>
    /// Sets where the data ends and puts the delimiter in the padding byte after it: an empty field's first byte is then
    /// never the quote (the byte after an empty field is its delimiter or line break, or this one at the end of the
    /// input), so <see cref="Field"/> needs no length test before it looks at the first byte.
    /// </summary>
    private void EndDataAt(int at)
    {
        end = at;
        buffer[at] = delimiter;
    }

    /// <summary>The position after the line break that ends the row whose last field ends at <paramref name="entry"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int RowEnd(int entry)
    {
        var at = colEnds[entry];
        if (at >= end) return end;
        return buffer[at] == '\r' && at + 1 < end && buffer[at + 1] == '\n' ? at + 2 : at + 1;
    }
}
