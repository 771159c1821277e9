using System.Runtime.CompilerServices;
using System.Text;

namespace AotSuite.Streams.Csv;

/// <summary>
/// The current row of a <see cref="CsvReader"/> (<see cref="CsvReader.Current"/>): the same fields as the reader's
/// indexer, valid until the next read. A local of this type stays in registers in the caller's loop, where the reader
/// itself (a <c>using</c> variable) is reloaded from the stack for every field.
/// </summary>
/// <remarks>
/// It holds the reader (for the out-of-line unquoting), its place in the field ends, the data they point into and the
/// count that <see cref="Count"/> returns and the indexer checks, so a caller's <c>for (i &lt; row.Count) row[i]</c>
/// loop reads nothing from the reader per field but the quote byte. A padded row (<see cref="RaggedRows.Pad"/>) is a
/// copy whose missing fields are empty entries. A row read after the next read or after the reader is disposed gives
/// undefined bytes, as a span over a pooled buffer does.
/// </remarks>
public readonly ref struct CsvRow
{
    private readonly CsvReader reader;
    private readonly ref int ends;
    private readonly ref byte data;
    private readonly int count;

    internal CsvRow(CsvReader reader, ref int ends, ref byte data, int count)
    {
        this.reader = reader;
        this.ends = ref ends;
        this.data = ref data;
        this.count = count;
    }

    /// <inheritdoc cref="CsvReader.FieldCount"/>
    public int Count => count;

    /// <inheritdoc cref="CsvReader.this[int]"/>
    public ReadOnlySpan<byte> this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (uint)index < (uint)count ? CsvReader.Field(reader, ref Unsafe.Add(ref ends, (nuint)(uint)index), ref data, index) : reader.Missing(index);
    }

    /// <inheritdoc cref="CsvReader.GetString"/>
    public string GetString(int index) => Encoding.UTF8.GetString(this[index]);

    /// <inheritdoc cref="CsvReader.Parse{T}(int)"/>
    public T Parse<T>(int index) where T : IUtf8SpanParsable<T> => reader.Parse<T>(this[index], index);

    /// <inheritdoc cref="CsvReader.ParseChars{T}(int)"/>
    public T ParseChars<T>(int index) where T : ISpanParsable<T> => reader.ParseChars<T>(this[index], index);
}
