using System.Runtime.CompilerServices;
using System.Text;

namespace AotSuite.Streams.Csv;

/// <summary>
/// The current row of a <see cref="CsvReader"/> (<see cref="CsvReader.Current"/>): the same fields as the reader's
/// indexer, valid until the next read. A local of this type stays in registers in the caller's loop, where the reader
/// itself (a <c>using</c> variable) is reloaded from the stack for every field.
/// </summary>
public readonly ref struct CsvRow
{
    private readonly CsvReader reader;
    private readonly ref int ends;
    private readonly ref byte data;
    private readonly int count;
    private readonly int padded;

    internal CsvRow(CsvReader reader, ref int ends, ref byte data, int count, int padded)
    {
        this.reader = reader;
        this.ends = ref ends;
        this.data = ref data;
        this.count = count;
        this.padded = padded;
    }

    /// <inheritdoc cref="CsvReader.FieldCount"/>
    public int Count => padded;

    /// <inheritdoc cref="CsvReader.this[int]"/>
    public ReadOnlySpan<byte> this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (uint)index < (uint)count ? reader.Field(ref Unsafe.Add(ref ends, index), ref data, index) : reader.Missing(index);
    }

    /// <inheritdoc cref="CsvReader.GetString"/>
    public string GetString(int index) => Encoding.UTF8.GetString(this[index]);

    /// <inheritdoc cref="CsvReader.Parse{T}(int)"/>
    public T Parse<T>(int index) where T : IUtf8SpanParsable<T> => reader.Parse<T>(this[index], index);

    /// <inheritdoc cref="CsvReader.ParseChars{T}(int)"/>
    public T ParseChars<T>(int index) where T : ISpanParsable<T> => reader.ParseChars<T>(this[index], index);
}
