using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AotSuite.Streams.Csv;

public sealed partial class CsvReader
{
    private const int Block = 64;

    /// <summary>
    /// Parses every row that whole 64-byte blocks of the buffered data complete into the batch, starting at a row start;
    /// false when that is none.
    /// </summary>
    /// <remarks>
    /// <para>Per block: four compares give 64-bit masks of quotes, delimiters, CRs and LFs. The inclusive prefix XOR of
    /// the quote mask (one carry-less multiply by all ones) is set from each opening quote up to its closing quote, so
    /// <c>separators &amp; ~quoted</c> leaves exactly the field ends; a <c>""</c> pair toggles twice and needs no
    /// branch. The field ends go to <see cref="colEnds"/> 16 at a time (<see cref="StoreFieldEnds"/>), and the entries of
    /// those that are line breaks to <see cref="lineEntries"/>; <see cref="MakeRows"/> turns these into rows once per
    /// batch.</para>
    /// <para>Every quote toggling is only right for well-formed quoting, so each block also checks, with shifts, that an
    /// opening quote follows a separator (or a closing quote: the second half of a pair) and that a closing quote is
    /// followed by a separator or a quote. The first violation ends the batch before its row; the state machine then
    /// parses that row byte by byte (a quote inside an unquoted field is data there; text after a closing quote is an
    /// error with its column). Line breaks are counted per block with a popcount (a CR counts, an LF only when no CR
    /// precedes it), so line numbers cost nothing until asked for.</para>
    /// </remarks>
    private bool ParseBlocks()
    {
        // The block loop calls nothing (every value live across a call would live on the stack): a row with more field
        // ends than colEnds holds makes it stop, and it parses the batch again once colEnds has grown.
        while (true)
        {
            var found = ClassifyBlocks();
            if (found != Classified.Full) return found == Classified.Rows;
            GrowColEnds();
        }
    }

    private enum Classified { None, Rows, Full }

    // Tiered like any method (no AggressiveOptimization): it runs once per batch of a few hundred rows, so tiered
    // compilation promotes it within the first megabytes, and its tier-1 code, laid out by the profile, measured 2-3%
    // faster per byte than fully optimized code without one (64 MB, interleaved, in one process and in separate ones).
    [SkipLocalsInit]
    private Classified ClassifyBlocks()
    {
        var pos = parsePos;
        var first = pos;
        // A block needs the byte after it: a row that ends on a CR is only handed out once it is known whether an LF
        // follows (so BytesConsumed after a row is where the next row starts).
        var lastBlock = end - Block - 1;
        if (pos > lastBlock) return Classified.None;
        colEnds[0] = pos - 1;

        ref var data = ref MemoryMarshal.GetArrayDataReference(buffer);
        ref var cols = ref MemoryMarshal.GetArrayDataReference(colEnds);
        ref var breaks = ref MemoryMarshal.GetArrayDataReference(lineEntries);
        // A block adds at most 64 field ends (plus up to 16 stores of slack, see below) and as many line-break entries
        // (plus one store of slack); lineEntries is as long as colEnds (GrowColEnds), so one bound covers both.
        var colStop = colEnds.Length - Block - 16;

        var delimiters512 = Vector512.Create(delimiter);
        var quotes512 = Vector512.Create(quote);
        var crs512 = Vector512.Create((byte)'\r');
        var lfs512 = Vector512.Create((byte)'\n');
        var delimiters256 = Vector256.Create(delimiter);
        var quotes256 = Vector256.Create(quote);
        var crs256 = Vector256.Create((byte)'\r');
        var lfs256 = Vector256.Create((byte)'\n');

        ulong crCarry = Unsafe.Add(ref data, pos - 1) == '\r' ? 1UL : 0;
        ulong inQuotes = 0;    // all ones when the previous block ended inside quotes
        ulong edgeCarry = 1;   // the byte before the block was a separator or a closing quote (a row start counts)
        ulong closeCarry = 0;  // the byte before the block was a closing quote
        long lines = 0;

        var n = 1;
        var ends = 0;       // entries in lineEntries
        for (; pos <= lastBlock; pos += Block)
        {
            if (n > colStop)
            {
                if (ends == 0) return Classified.Full;
                break;
            }

            ulong quotes, delimiters, crs, lfs;
            ref var at = ref Unsafe.Add(ref data, pos);
            if (Vector512.IsHardwareAccelerated)
            {
                var v = Vector512.LoadUnsafe(ref at);
                quotes = Vector512.Equals(v, quotes512).ExtractMostSignificantBits();
                delimiters = Vector512.Equals(v, delimiters512).ExtractMostSignificantBits();
                crs = Vector512.Equals(v, crs512).ExtractMostSignificantBits();
                lfs = Vector512.Equals(v, lfs512).ExtractMostSignificantBits();
            }
            else
            {
                var lo = Vector256.LoadUnsafe(ref at);
                var hi = Vector256.LoadUnsafe(ref Unsafe.Add(ref at, 32));
                quotes = Join(Vector256.Equals(lo, quotes256), Vector256.Equals(hi, quotes256));
                delimiters = Join(Vector256.Equals(lo, delimiters256), Vector256.Equals(hi, delimiters256));
                crs = Join(Vector256.Equals(lo, crs256), Vector256.Equals(hi, crs256));
                lfs = Join(Vector256.Equals(lo, lfs256), Vector256.Equals(hi, lfs256));
            }

            var lineEnds = crs | lfs;
            var separators = delimiters | lineEnds;
            lines += BitOperations.PopCount(crs | (lfs & ~((crs << 1) | crCarry)));
            crCarry = crs >> 63;
            // No branch on whether the block holds quotes: on quoted data it mispredicts, and the multiply is cheap.
            var quoted = PrefixXor(quotes) ^ inQuotes;
            inQuotes = (ulong)((long)quoted >> 63);
            var opens = quotes & quoted;
            var closes = quotes & ~quoted;
            var edges = separators | closes;
            var afterClose = (closes << 1) | closeCarry;
            var bad = (opens & ~((edges << 1) | edgeCarry)) | (afterClose & ~(separators | quotes));
            edgeCarry = edges >> 63;
            closeCarry = closes >> 63;
            if (bad != 0)
            {
                // Keep the field ends before the first violation, then hand its row to the state machine: this block is
                // the batch's last (its line breaks are counted, so the checkpoint after it stays right).
                quoted |= ~((1UL << BitOperations.TrailingZeroCount(bad)) - 1);
                lastBlock = pos;
            }

            var fields = separators & ~quoted;
            var count = BitOperations.PopCount(fields);
            ref var to = ref Unsafe.Add(ref cols, n);
            if (CompressesPairs) StoreFieldEnds(ref to, fields, count, pos);
            else StoreFieldEndsScalar(ref to, fields, count, pos);
            // Every line break outside quotes, blank lines and the LF of a CRLF included: one unconditional store (a
            // block of ~120-byte rows holds one about every other time, so a branch on it mispredicts), a loop for more.
            var lineFields = lineEnds & fields;
            StoreLineEntry(ref breaks, ref ends, ref lineFields, fields, n);
            while (lineFields != 0) StoreLineEntry(ref breaks, ref ends, ref lineFields, fields, n);
            n += count;
        }

        var rowBase = MakeRows(ends);
        parsePos = Unsafe.Add(ref cols, rowBase) + 1;
        checkpointLine = LineAt(first) + lines;
        checkpointPos = pos;
        return rowCount > 0 ? Classified.Rows : Classified.None;
    }

    /// <summary>
    /// Stores the colEnds entry of the lowest of <paramref name="lineFields"/> (the field ends of this block that are line
    /// breaks) and clears it; with none left it writes into the slack and counts nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreLineEntry(ref int breaks, ref int ends, ref ulong lineFields, ulong fields, int n)
    {
        var lowest = lineFields & (0 - lineFields);
        Unsafe.Add(ref breaks, ends) = n + BitOperations.PopCount(fields & (lowest - 1));
        ends += BitOperations.PopCount(lowest);
        lineFields ^= lowest;
    }

    /// <summary>
    /// Turns the first <paramref name="ends"/> line-break entries into the batch's rows: a line break right after the
    /// previous one (a blank line, or the LF of a CRLF) makes a row of one empty field, which is no row. Returns the entry
    /// of the last line break, before the next batch's first row.
    /// </summary>
    private int MakeRows(int ends)
    {
        ref var cols = ref MemoryMarshal.GetArrayDataReference(colEnds);
        ref var breaks = ref MemoryMarshal.GetArrayDataReference(lineEntries);
        ref var spans = ref MemoryMarshal.GetArrayDataReference(rowSpans);
        var rows = 0;
        var rowBase = 0;
        for (var i = 0; i < ends; i++)
        {
            var entry = Unsafe.Add(ref breaks, i);
            if (entry != rowBase + 1 || Unsafe.Add(ref cols, entry) != Unsafe.Add(ref cols, rowBase) + 1)
            {
                Unsafe.Add(ref spans, 2 * rows) = rowBase;
                Unsafe.Add(ref spans, 2 * rows + 1) = entry;
                rows++;
            }
            rowBase = entry;
        }
        rowCount = rows;
        return rowBase;
    }

    /// <summary>
    /// Writes <paramref name="pos"/> + the index of every set bit of <paramref name="fields"/> to <paramref name="to"/>,
    /// 16 at a time: VBMI2's byte compress packs the indices of the set bits, which widen to ints in one instruction
    /// (eight instructions for a typical block, where popping the bits takes five per field end). Stores past the count
    /// land in the slack and are overwritten by the next block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFieldEnds(ref int to, ulong fields, int count, int pos)
    {
        var indices = Avx512Vbmi2.Compress(Vector512<byte>.Zero, LanesOf(fields), Vector512<byte>.Indices);
        var offset = Vector512.Create(pos);
        (Avx512F.ConvertToVector512Int32(indices.GetLower().GetLower()) + offset).StoreUnsafe(ref to);
        if (count <= 16) return;
        (Avx512F.ConvertToVector512Int32(indices.GetLower().GetUpper()) + offset).StoreUnsafe(ref Unsafe.Add(ref to, 16));
        if (count <= 32) return;
        (Avx512F.ConvertToVector512Int32(indices.GetUpper().GetLower()) + offset).StoreUnsafe(ref Unsafe.Add(ref to, 32));
        if (count <= 48) return;
        (Avx512F.ConvertToVector512Int32(indices.GetUpper().GetUpper()) + offset).StoreUnsafe(ref Unsafe.Add(ref to, 48));
    }

    /// <summary>
    /// <see cref="StoreFieldEnds"/> without VBMI2: eight stores whatever the count (simdjson's flattening), as a block
    /// holds ~6 field ends on typical data, so the loop rarely runs and no branch depends on each bit. Stores past the
    /// count (tzcnt of 0 is 64) land in the slack.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFieldEndsScalar(ref int to, ulong bits, int count, int pos)
    {
        to = pos + BitOperations.TrailingZeroCount(bits);
        bits &= bits - 1;
        Unsafe.Add(ref to, 1) = pos + BitOperations.TrailingZeroCount(bits);
        bits &= bits - 1;
        Unsafe.Add(ref to, 2) = pos + BitOperations.TrailingZeroCount(bits);
        bits &= bits - 1;
        Unsafe.Add(ref to, 3) = pos + BitOperations.TrailingZeroCount(bits);
        bits &= bits - 1;
        Unsafe.Add(ref to, 4) = pos + BitOperations.TrailingZeroCount(bits);
        bits &= bits - 1;
        Unsafe.Add(ref to, 5) = pos + BitOperations.TrailingZeroCount(bits);
        bits &= bits - 1;
        Unsafe.Add(ref to, 6) = pos + BitOperations.TrailingZeroCount(bits);
        bits &= bits - 1;
        Unsafe.Add(ref to, 7) = pos + BitOperations.TrailingZeroCount(bits);
        bits &= bits - 1;
        for (var k = 8; k < count; k++)
        {
            Unsafe.Add(ref to, k) = pos + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Join(Vector256<byte> lo, Vector256<byte> hi) =>
        lo.ExtractMostSignificantBits() | ((ulong)hi.ExtractMostSignificantBits() << 32);

    /// <summary>Bit i of the result is the XOR of bits 0..i: a carry-less multiply by all ones, or a shift ladder.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong PrefixXor(ulong x)
    {
        if (Pclmulqdq.IsSupported)
        {
            return Pclmulqdq.CarrylessMultiply(Vector128.CreateScalarUnsafe(x), Vector128<ulong>.AllBitsSet, 0).ToScalar();
        }
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        return x;
    }

    /// <summary>
    /// One row with more fields than the array holds: only the first row of a batch grows it. The line-break entries and
    /// the rows grow along (a batch has at most one of each per field end).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowColEnds()
    {
        var grown = ArrayPool<int>.Shared.Rent(colEnds.Length * 2);
        colEnds.CopyTo(grown, 0);
        ArrayPool<int>.Shared.Return(colEnds);
        colEnds = grown;
        SizeRowArrays();
    }

    /// <summary>Gives lineEntries at least colEnds' length and rowSpans twice that (their contents are per batch).</summary>
    private void SizeRowArrays()
    {
        if (lineEntries.Length < colEnds.Length) lineEntries = Regrow(lineEntries, colEnds.Length);
        if (rowSpans.Length < 2 * colEnds.Length) rowSpans = Regrow(rowSpans, 2 * colEnds.Length);
    }
}
