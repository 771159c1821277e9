using System.Buffers;
using System.Runtime.CompilerServices;

namespace AotSuite.Streams.Csv;

public sealed partial class CsvReader
{
    // Fields of the current row that held escapes, unescaped on first access. The input buffer is never written: the
    // line counter re-reads it. Pooled, but an outgrown array is left to the GC, not returned: spans already handed out
    // for this row still point into it.
    private byte[] unescaped = [];
    private int unescapedUsed;
    private long unescapedSerial = -1;
    private UnescapedField[] unescapedFields = [];
    private long rowSerial;

    /// <summary>A quoted field: the bytes between its quotes, with escapes resolved into <see cref="unescaped"/> once per row.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ReadOnlySpan<byte> Unquote(int index, int start, int length)
    {
        // The parsers only accept a quoted field that ends with its closing quote, so length >= 2.
        var inner = new ReadOnlySpan<byte>(buffer, start + 1, length - 2);
        var first = inner.IndexOf(escape);
        if (first < 0) return inner;
        if (index < unescapedFields.Length && unescapedFields[index].Serial == rowSerial)
        {
            return new ReadOnlySpan<byte>(unescaped, unescapedFields[index].Start, unescapedFields[index].Length);
        }
        if (unescapedSerial != rowSerial)
        {
            unescapedSerial = rowSerial;
            unescapedUsed = 0;
        }
        if (unescaped.Length - unescapedUsed < inner.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(unescaped.Length * 2, unescapedUsed + inner.Length + 256));
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
        var written = Unescape(inner, first, unescaped.AsSpan(unescapedUsed));
        unescapedFields[index] = new UnescapedField(rowSerial, unescapedUsed, written);
        unescapedUsed += written;
        return new ReadOnlySpan<byte>(unescaped, unescapedFields[index].Start, written);
    }

    /// <summary>Copies <paramref name="source"/> without its escape bytes; <paramref name="next"/> is the first escape.</summary>
    /// <remarks>Copies the runs between escapes with IndexOf + CopyTo, not byte by byte: fields with several <c>""</c> pairs are common.</remarks>
    private int Unescape(ReadOnlySpan<byte> source, int next, Span<byte> target)
    {
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
        if (unescaped.Length > 0) ArrayPool<byte>.Shared.Return(unescaped);
        if (unescapedFields.Length > 0) ArrayPool<UnescapedField>.Shared.Return(unescapedFields);
        unescaped = [];
        unescapedFields = [];
    }

    private readonly record struct UnescapedField(long Serial, int Start, int Length);
}
