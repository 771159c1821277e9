using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AotSuite.Streams.Csv;

public sealed partial class CsvReader
{
    /// <summary>
    /// Parses one row starting at <see cref="parsePos"/> into the batch, byte-exact: the path for escape-character
    /// dialects, the last row of the input and rows the block classifier declined. Restarts from the row's start after a
    /// refill.
    /// </summary>
    private Outcome ParseRow()
    {
        var buf = buffer;
        var pos = parsePos;
        // Blank lines carry no row (what csv-parse's skip_empty_lines and xsv do).
        while (pos < end && (buf[pos] == '\n' || buf[pos] == '\r')) pos++;
        parsePos = pos;
        if (pos >= end) return eof ? Outcome.End : Outcome.NeedMore;

        colEnds[0] = pos - 1;
        var count = 1;
        var walk = new BitWalk(buf, end, delimiter, quote, escape, pos);
        var fieldStart = pos;
        var quoted = false;      // the current field began with a quote
        var inQuotes = false;
        var closedAt = -1;       // the closing quote of a quoted field
        while (true)
        {
            var s = walk.Next();
            byte c;
            if (s < 0)
            {
                if (!eof) return Outcome.NeedMore;
                if (inQuotes) ThrowAt(pos, fieldStart, "unterminated quoted field: expected a closing quote before the end of the input");
                s = end;
                c = (byte)'\n';
            }
            else
            {
                c = buf[s];
            }

            if (inQuotes)
            {
                if (c == escape && escape != quote)
                {
                    if (s + 1 >= end)
                    {
                        if (!eof) return Outcome.NeedMore;
                        ThrowAt(pos, fieldStart, "unterminated quoted field: expected a closing quote before the end of the input");
                    }
                    if (IsSpecial(buf[s + 1])) walk.Next();
                }
                else if (c == quote)
                {
                    if (s + 1 >= end && !eof) return Outcome.NeedMore;
                    if (escape == quote && s + 1 < end && buf[s + 1] == quote)
                    {
                        walk.Next();
                    }
                    else
                    {
                        inQuotes = false;
                        closedAt = s;
                    }
                }
                continue;
            }

            if (c == quote)
            {
                if (s == fieldStart && !quoted)
                {
                    quoted = inQuotes = true;
                    continue;
                }
                if (quoted) ThrowAt(pos, s, $"expected a delimiter or a line break after the closing quote, found '{(char)c}'");
                continue; // a quote inside an unquoted field is data (as Sylvan and Sep read it)
            }
            if (c == escape && escape != quote) continue; // an escape byte outside quotes is data

            if (quoted && s != closedAt + 1) ThrowAt(pos, closedAt + 1, $"expected a delimiter or a line break after the closing quote, found '{Printable(buf[closedAt + 1])}'");

            if (count + 2 >= colEnds.Length) GrowColEnds();
            colEnds[count++] = s;
            if (c == delimiter)
            {
                fieldStart = s + 1;
                quoted = false;
                continue;
            }

            // End of row: CR, LF (a CRLF's LF reads as a blank line next time), or the end of the input. A CR that is
            // the last byte so far waits for the next one, which tells whether the row's line break goes on.
            if (c == '\r' && s + 1 >= end && !eof) return Outcome.NeedMore;
            rowSpans[0] = 0;
            rowSpans[1] = count - 1;
            rowCount = 1;
            parsePos = Math.Min(s + 1, end);
            return Outcome.Rows;
        }
    }

    private bool IsSpecial(byte b) => b == delimiter || b == quote || b == escape || b == '\r' || b == '\n';

    /// <summary>
    /// Positions of structural bytes in order: each 32-byte block becomes a bit mask (one Vector256 compare per
    /// structural byte value), and <see cref="Next"/> pops its lowest set bit.
    /// </summary>
    private ref struct BitWalk
    {
        private readonly ref byte data;
        private readonly int end;
        private readonly Vector256<byte> delimiter, quote, escape, cr, lf;
        private readonly bool hasEscape;
        private int blockPos;
        private uint mask;

        public BitWalk(byte[] buffer, int end, byte delimiter, byte quote, byte escape, int pos)
        {
            data = ref MemoryMarshal.GetArrayDataReference(buffer);
            this.end = end;
            this.delimiter = Vector256.Create(delimiter);
            this.quote = Vector256.Create(quote);
            this.escape = Vector256.Create(escape);
            hasEscape = escape != quote;
            cr = Vector256.Create((byte)'\r');
            lf = Vector256.Create((byte)'\n');
            blockPos = pos;
            mask = Structural(pos);
        }

        /// <summary>The next structural byte's position, or -1 when the buffered data has no more.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Next()
        {
            while (mask == 0)
            {
                blockPos += Vector256<byte>.Count;
                if (blockPos >= end) return -1;
                mask = Structural(blockPos);
            }
            var bit = System.Numerics.BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            return blockPos + bit;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly uint Structural(int pos)
        {
            // The buffer has Padding bytes after the data, so this load never leaves the array.
            var v = Vector256.LoadUnsafe(ref Unsafe.Add(ref data, pos));
            var hits = Vector256.Equals(v, delimiter) | Vector256.Equals(v, quote) | Vector256.Equals(v, lf) | Vector256.Equals(v, cr);
            if (hasEscape) hits |= Vector256.Equals(v, escape);
            var bits = hits.ExtractMostSignificantBits();
            var left = end - pos;
            return left >= 32 ? bits : bits & ((1u << left) - 1);
        }
    }
}
