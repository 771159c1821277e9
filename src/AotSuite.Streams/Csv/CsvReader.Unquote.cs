using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AotSuite.Streams.Csv;

public sealed partial class CsvReader
{
    // One 64-byte slot per field index for the quoted fields of up to 64 bytes (a slot is rewritten with the same bytes
    // when its field is read again, so spans handed out stay right until the next row).
    private const int SlotFields = 64;
    private static bool CompressesPairs => Avx512Vbmi2.IsSupported && Avx512Vbmi.IsSupported;
    private byte[] slots = [];

    // The escape byte in every lane, kept with the reader: the compare takes it from memory, where making it costs a
    // load and a broadcast per quoted field.
    private readonly Vector512<byte> escapes512;

    // The quote in every lane but lane 0, which holds another byte: lane 0 of the bytes one before a field is its opening
    // quote, which never starts a pair.
    private readonly Vector512<byte> pairQuotes512;

    // The fields that go through the pair-dropping compress: the first SlotFields, when the escape is the quote (the
    // dialect's two bytes compared once, not per field).
    private readonly int pairSlots;

    // The other fields of the current row that held escapes, unescaped on first access. The input buffer is never
    // written: the line counter re-reads it. Pooled, but an outgrown array is left to the GC, not returned: spans already
    // handed out for this row still point into it.
    private byte[] unescaped = [];
    private int unescapedUsed;
    private long unescapedSerial = -1;
    private UnescapedField[] unescapedFields = [];

    /// <summary>A quoted field: the bytes between its quotes, with escapes resolved into <see cref="unescaped"/> once per row.</summary>
    /// <remarks>
    /// Most quoted fields fit in one 64-byte block: one compare finds their escapes (none, usually), and the unescaped
    /// copy moves 64-byte blocks between escapes instead of calling IndexOf and CopyTo per run (4x faster measured on the
    /// benchmark's fields). Loads stay inside the array: every block starts before the data's end, and the buffer (and a
    /// padded row's copy) has 64 bytes of padding after it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ReadOnlySpan<byte> Unquote(int index, ref byte first, int length)
    {
        // The parsers only accept a quoted field that ends with its closing quote, so length >= 2.
        var innerLength = length - 2;
        ref var inner = ref Unsafe.Add(ref first, 1);
        ulong escapes = 0, escapesHigh = 0;
        if (innerLength <= 2 * Block)
        {
            // One or two blocks (a long comment, a short address): masks, no scan.
            escapes = LowBits(EscapeMask(ref inner), innerLength);
            if (innerLength > Block) escapesHigh = LowBits(EscapeMask(ref Unsafe.Add(ref inner, Block)), innerLength - Block);
            if ((escapes | escapesHigh) == 0) return MemoryMarshal.CreateReadOnlySpan(ref inner, innerLength);
        }
        else if (MemoryMarshal.CreateReadOnlySpan(ref inner, innerLength).IndexOf(escape) < 0)
        {
            return MemoryMarshal.CreateReadOnlySpan(ref inner, innerLength);
        }

        // Row + 1 names the row (the header is row 0; a fresh entry's serial is 0, which never matches).
        var rowSerial = Row + 1;
        if (index < unescapedFields.Length && unescapedFields[index].Serial == rowSerial)
        {
            return new ReadOnlySpan<byte>(unescaped, unescapedFields[index].Start, unescapedFields[index].Length);
        }
        if (unescapedSerial != rowSerial)
        {
            unescapedSerial = rowSerial;
            unescapedUsed = 0;
        }
        if (unescaped.Length - unescapedUsed < innerLength + Block)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(unescaped.Length * 2, unescapedUsed + innerLength + Block + 256));
            unescaped.AsSpan(0, unescapedUsed).CopyTo(grown);
            unescaped = grown;
        }
        if (index >= unescapedFields.Length)
        {
            var grown = ArrayPool<UnescapedField>.Shared.Rent(Math.Max(index + 1, 16));
            unescapedFields.CopyTo(grown, 0);
            grown.AsSpan(unescapedFields.Length).Clear();
            if (unescapedFields.Length > 0) ArrayPool<UnescapedField>.Shared.Return(unescapedFields);
            unescapedFields = grown;
        }
        ref var target = ref unescaped[unescapedUsed];
        int written;
        if (escape == quote && innerLength <= 2 * Block && CompressesPairs)
        {
            written = DropPairedQuotes(ref inner, Math.Min(innerLength, Block), escapes, 0, ref target);
            if (innerLength > Block)
            {
                // A pair may straddle the two blocks: the low block's quote parity carries into the high one's prefix XOR.
                var parity = (ulong)-(long)((uint)BitOperations.PopCount(escapes) & 1);
                written += DropPairedQuotes(ref Unsafe.Add(ref inner, Block), innerLength - Block, escapesHigh, parity, ref Unsafe.Add(ref target, written));
            }
        }
        else if (innerLength <= Block)
        {
            written = UnescapeBlock(ref inner, innerLength, escapes, ref target);
        }
        else
        {
            written = Unescape(MemoryMarshal.CreateReadOnlySpan(ref inner, innerLength), unescaped.AsSpan(unescapedUsed));
        }
        unescapedFields[index] = new UnescapedField(rowSerial, unescapedUsed, written);
        unescapedUsed += written;
        return new ReadOnlySpan<byte>(unescaped, unescapedFields[index].Start, written);
    }

    /// <summary>
    /// The inside of a quoted field of up to 64 bytes whose escapes, if any, are <c>""</c> pairs, compressed into slot
    /// <paramref name="index"/>: ~15 instructions inline, no loop.
    /// </summary>
    /// <remarks>
    /// Inside a quoted field every quote is half of a pair, so when no three quotes stand in a row (<c>""""</c> is two
    /// pairs) each pair's second quote is simply a quote after a quote: compares of the field's bytes and of the bytes
    /// one before them give the compress its mask directly, in mask registers. The prefix XOR and the spreading of a
    /// 64-bit mask over byte lanes, a long chain of latency, are left to runs of three and more.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> DropPairedQuotes(int index, ref byte inner, int innerLength, ulong escapes)
    {
        var seconds = escapes & (escapes << 1);
        if ((seconds & (escapes << 2)) != 0) return DropQuoteRuns(index, ref inner, innerLength, escapes);
        ref var slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slots), (nuint)(uint)index * Block);
        // The byte before the field's first is its opening quote, which pairQuotes512 does not match in lane 0.
        var bytes = Vector512.LoadUnsafe(ref inner);
        var second = Vector512.Equals(bytes, escapes512) & Vector512.Equals(Vector512.LoadUnsafe(ref Unsafe.Subtract(ref inner, 1)), pairQuotes512);
        Avx512Vbmi2.Compress(Vector512<byte>.Zero, ~second, bytes).StoreUnsafe(ref slot);
        return MemoryMarshal.CreateReadOnlySpan(ref slot, innerLength - BitOperations.PopCount(seconds));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ReadOnlySpan<byte> DropQuoteRuns(int index, ref byte inner, int innerLength, ulong escapes)
    {
        ref var slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slots), index * Block);
        return MemoryMarshal.CreateReadOnlySpan(ref slot, DropPairedQuotes(ref inner, innerLength, escapes, 0, ref slot));
    }

    /// <summary>The lowest <paramref name="count"/> (0..64) bits of <paramref name="bits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LowBits(ulong bits, int count)
    {
        if (Bmi2.X64.IsSupported) return Bmi2.X64.ZeroHighBits(bits, (uint)count);
        return count >= 64 ? bits : bits & ((1UL << count) - 1);
    }

    /// <summary>Where the escape byte is among the 64 bytes at <paramref name="at"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong EscapeMask(ref byte at)
    {
        if (Vector512.IsHardwareAccelerated) return Vector512.Equals(Vector512.LoadUnsafe(ref at), escapes512).ExtractMostSignificantBits();
        var e = Vector256.Create(escape);
        return Join(Vector256.Equals(Vector256.LoadUnsafe(ref at), e), Vector256.Equals(Vector256.LoadUnsafe(ref Unsafe.Add(ref at, 32)), e));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy64(ref byte from, ref byte to)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512.LoadUnsafe(ref from).StoreUnsafe(ref to);
            return;
        }
        Vector256.LoadUnsafe(ref from).StoreUnsafe(ref to);
        Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 32)).StoreUnsafe(ref Unsafe.Add(ref to, 32));
    }

    /// <summary>
    /// RFC 4180 unescaping of up to 64 bytes in one instruction: every quote inside comes as a <c>""</c> pair (the
    /// parsers vouch for it), the prefix XOR of their mask (inverted when <paramref name="carry"/> says a pair began in
    /// the block before) is clear exactly at the second quote of each pair, and VBMI2's byte compress drops those.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DropPairedQuotes(ref byte source, int length, ulong quotes, ulong carry, ref byte target)
    {
        var keep = LowBits(~(quotes & ~(PrefixXor(quotes) ^ carry)), length);
        var packed = Avx512Vbmi2.Compress(Vector512<byte>.Zero, LanesOf(keep), Vector512.LoadUnsafe(ref source));
        packed.StoreUnsafe(ref target);
        return BitOperations.PopCount(keep);
    }

    /// <summary>All ones in byte lane i where bit i of <paramref name="bits"/> is set: a lane mask for VBMI2's compress.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> LanesOf(ulong bits)
    {
        // Spread the 64 bits over 64 bytes: byte i takes byte i/8 of the mask, then tests bit i%8.
        var spread = Avx512Vbmi.PermuteVar64x8(Vector512.Create(bits).AsByte(), MaskByteOfLane) & MaskBitOfLane;
        return Vector512.Equals(spread, MaskBitOfLane);
    }

    // Properties of literals, not static fields: the JIT embeds them as constants, with no class-initialization check.
    private static Vector512<byte> MaskByteOfLane
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(
            (byte)0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3,
            4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7);
    }

    private static Vector512<byte> MaskBitOfLane
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(
            (byte)1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128,
            1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128);
    }

    /// <summary>
    /// Unescapes a field of at most 64 bytes whose escape positions are <paramref name="escapes"/>; the target has 64
    /// bytes of room past the result.
    /// </summary>
    private int UnescapeBlock(ref byte source, int length, ulong escapes, ref byte target)
    {
        var read = 0;
        var write = 0;
        while (escapes != 0)
        {
            var at = BitOperations.TrailingZeroCount(escapes);
            // One 64-byte copy carries the run up to the escape; what it writes past the run is overwritten next.
            Copy64(ref Unsafe.Add(ref source, read), ref Unsafe.Add(ref target, write));
            write += at - read;
            if (at + 1 < length && (escape != quote || Unsafe.Add(ref source, at + 1) == quote))
            {
                // The escape goes, the byte after it stays (a doubled quote keeps one quote) and is never an escape itself.
                Unsafe.Add(ref target, write++) = Unsafe.Add(ref source, at + 1);
                read = at + 2;
            }
            else
            {
                Unsafe.Add(ref target, write++) = Unsafe.Add(ref source, at);
                read = at + 1;
            }
            escapes = read >= Block ? 0 : escapes & (ulong.MaxValue << read);
        }
        Copy64(ref Unsafe.Add(ref source, read), ref Unsafe.Add(ref target, write));
        return write + length - read;
    }

    /// <summary>Copies a field longer than a block without its escape bytes.</summary>
    /// <remarks>Copies the runs between escapes with IndexOf + CopyTo, not byte by byte: fields with several <c>""</c> pairs are common.</remarks>
    private int Unescape(ReadOnlySpan<byte> source, Span<byte> target)
    {
        var next = source.IndexOf(escape);
        source[..next].CopyTo(target);
        var write = next;
        var read = next;
        while (read < source.Length)
        {
            // source[read] is an escape: keep the byte after it (a doubled quote keeps one quote); a lone one is data.
            if (read + 1 >= source.Length || (escape == quote && source[read + 1] != quote))
            {
                target[write++] = source[read++];
            }
            else
            {
                target[write++] = source[read + 1];
                read += 2;
            }
            var run = source[read..].IndexOf(escape);
            var length = run < 0 ? source.Length - read : run;
            source.Slice(read, length).CopyTo(target[write..]);
            write += length;
            read += length;
        }
        return write;
    }

    private void ReturnUnescaped()
    {
        if (slots.Length > 0) ArrayPool<byte>.Shared.Return(slots);
        slots = [];
        if (unescaped.Length > 0) ArrayPool<byte>.Shared.Return(unescaped);
        if (unescapedFields.Length > 0) ArrayPool<UnescapedField>.Shared.Return(unescapedFields);
        unescaped = [];
        unescapedFields = [];
    }

    private readonly record struct UnescapedField(long Serial, int Start, int Length);
}
