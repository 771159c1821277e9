using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace AotSuite.Streams.Csv;

/// <summary>
/// Reads CSV rows as views over one pooled buffer: <see cref="Read"/> (or <see cref="ReadAsync"/>) moves to the next
/// row, then <see cref="this[int]"/> gives each field as a span of UTF-8 bytes, unquoted on first access. Nothing is
/// allocated per row once the buffers have grown to the longest row. A field is valid until the next read.
/// </summary>
/// <remarks>
/// Rows are parsed a batch at a time (CsvReader.Blocks.cs): each 64-byte block becomes bit masks of its structural
/// bytes, a prefix XOR of the quote mask hides the delimiters and line breaks inside quotes, and the field ends left are
/// written into one int array for the whole batch. <see cref="Read"/> then only moves an index. Rows the block
/// classifier cannot vouch for (a quote inside an unquoted field, text after a closing quote, an escape character other
/// than the quote, the last row of the input) go through the byte-exact state machine in CsvReader.Rows.cs, which also
/// words every error.
/// </remarks>
public sealed partial class CsvReader : IDisposable
{
    private readonly CsvByteSource source;
    private readonly CsvOptions options;
    private readonly byte delimiter, quote, escape;
    private readonly string file;
    private readonly bool readsSynchronously;
    private readonly ReadAhead? readAhead;
    private bool disposed;

    // The current row: its field ends are colEnds[colBase + 1 .. colBase + fieldCount], colEnds[colBase] is the byte
    // before its first field (the previous row's line break).
    private int colBase;
    private int fieldCount;
    private int paddedCount;
    private int expectedCount = -1;

    /// <param name="stream">The input; read forward only, never seeked.</param>
    /// <param name="options">The dialect; <see cref="CsvOptions.Default"/> when null.</param>
    /// <param name="file">The name errors show (a path, or "stdin").</param>
    /// <param name="bufferSize">Bytes read from the stream at a time; the buffer grows past it only for a longer row.</param>
    /// <param name="readAhead">
    /// Read the stream on a second thread, up to two buffers ahead, so the kernel's copy of the input overlaps the
    /// parse (for large files on a machine with a core to spare; it takes three buffers of twice
    /// <paramref name="bufferSize"/>, and waits for a whole buffer per read, so it suits files, not interactive input).
    /// </param>
    public CsvReader(Stream stream, CsvOptions? options = null, string file = "<input>", int bufferSize = 1 << 17, bool leaveOpen = false, bool readAhead = false)
        : this(new StreamByteSource(stream ?? throw new ArgumentNullException(nameof(stream)), leaveOpen), options, file, bufferSize)
    {
        if (readAhead) this.readAhead = new ReadAhead(stream, bufferSize, Padding);
        try
        {
            if (this.options.HasHeader) Header = ReadHeader(NextBatchRow());
        }
        catch
        {
            Dispose(); // nobody gets the reader: stop the read-ahead thread and close the stream here, as OpenAsync does
            throw;
        }
    }

    private CsvReader(CsvByteSource source, CsvOptions? options, string file, int bufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 64);
        this.options = options ?? CsvOptions.Default;
        this.options.Validate();
        this.source = source;
        readsSynchronously = source.CanReadSynchronously;
        this.file = file;
        delimiter = this.options.Delimiter;
        quote = this.options.Quote;
        escape = this.options.Escape;
        escapes512 = Vector512.Create(escape);
        pairQuotes512 = escapes512.WithElement(0, (byte)~escape);
        pairSlots = escape == quote ? SlotFields : 0;
        InitBuffers(bufferSize);
    }

    /// <summary>
    /// A reader over a <see cref="PipeReader"/> (a socket, a request body): the header, if any, is read before this
    /// returns; read rows with <see cref="ReadAsync"/>, which completes synchronously while parsed rows are buffered.
    /// A row is handed out as soon as its line break arrives, except that a row ending on a CR that is the last byte so
    /// far waits for the next byte (or the end of the input), which tells whether an LF belongs to it.
    /// </summary>
    public static async ValueTask<CsvReader> OpenAsync(PipeReader pipe, CsvOptions? options = null, string file = "<input>",
        int bufferSize = 1 << 17, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        var reader = new CsvReader(new PipeByteSource(pipe, leaveOpen), options, file, bufferSize);
        try
        {
            if (reader.options.HasHeader) reader.Header = reader.ReadHeader(await reader.NextRowAsync(cancellationToken).ConfigureAwait(false));
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The column names of the header row; empty when the options say there is none.</summary>
    public IReadOnlyList<string> Header { get; private set; } = [];

    /// <summary>The name errors show.</summary>
    public string File => file;

    /// <summary>The current data row, 1-based (the header not counted).</summary>
    public long Row { get; private set; }

    /// <summary>The 1-based line the current row starts on (counted on demand, so rows that never ask cost nothing).</summary>
    public long Line => LineAt(RowStart);

    /// <summary>Bytes consumed from the input so far (for progress).</summary>
    public long BytesConsumed => streamOffset + (rowIndex < rowCount ? RowEnd(colBase + fieldCount) : parsePos);

    /// <summary>Fields in the current row; with <see cref="RaggedRows.Pad"/>, at least the header's count.</summary>
    public int FieldCount => paddedCount;

    /// <summary>The raw field count of the current row as it appeared in the input.</summary>
    public int RawFieldCount => fieldCount;

    private int RowStart => colEnds[colBase] + 1;

    /// <summary>Field <paramref name="index"/> of the current row, unquoted; empty when a padded row lacks it.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)fieldCount) return Missing(index);
            return Field(this, ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(colEnds), (nuint)(uint)(colBase + index)), ref MemoryMarshal.GetArrayDataReference(buffer), index);
        }
    }

    /// <summary>The current row as a view that keeps its place in registers: read fields through it in a loop.</summary>
    public CsvRow Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => paddedCount == fieldCount
            ? new(this, ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(colEnds), colBase), ref MemoryMarshal.GetArrayDataReference(buffer), fieldCount)
            : PaddedRow();
    }

    /// <summary>
    /// The field whose preceding end is <paramref name="ends"/> (an entry of the current row in colEnds) in
    /// <paramref name="data"/> (the buffer's first byte; for a padded row, its copy's).
    /// </summary>
    /// <remarks>
    /// The entry and the one after it lie inside the batch, and every end inside the buffer: no bounds checks needed.
    /// Static, so a row view's loop makes no null check of its reader per field (the first use of the reader checks it).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ReadOnlySpan<byte> Field(CsvReader reader, ref int ends, ref byte data, int index)
    {
        // Positions are never negative (the byte before the first row is at 0): as unsigned offsets they need no
        // sign extension.
        var start = (uint)ends + 1;
        var length = Unsafe.Add(ref ends, 1) - (int)start;
        ref var first = ref Unsafe.Add(ref data, (nuint)start);
        // An empty field's first byte is the separator after it (or the delimiter EndDataAt puts after the data).
        if (first != reader.quote) return MemoryMarshal.CreateReadOnlySpan(ref first, length);
        // Quoted: a field of up to 64 bytes is compressed into its own 64-byte slot without the second quote of each
        // pair, whether it holds any or not (the same bytes on every access, so no per-row cache): a branch on whether
        // it does mispredicts on fields that hold pairs now and then, and costs more than the compress (8-10% of the
        // benchmark's time, whose comment field holds a pair in about every other row). Without VBMI2, a field without
        // escapes is the bytes between its quotes; the rest are unescaped once per row, out of line.
        if (length <= Block + 2)
        {
            ref var inner = ref Unsafe.Add(ref first, 1);
            var escapes = LowBits(reader.EscapeMask(ref inner), length - 2);
            if (CompressesPairs && (uint)index < (uint)reader.pairSlots) return reader.DropPairedQuotes(index, ref inner, length - 2, escapes);
            if (escapes == 0) return MemoryMarshal.CreateReadOnlySpan(ref inner, length - 2);
        }
        return reader.Unquote(index, ref first, length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal ReadOnlySpan<byte> Missing(int index) =>
        index < paddedCount && index >= 0 ? default : throw new ArgumentOutOfRangeException(nameof(index), index, $"the row has {paddedCount} fields");

    /// <summary>Field <paramref name="index"/> as a string (allocates; use the span or <see cref="Parse{T}"/> on hot paths).</summary>
    public string GetString(int index) => Encoding.UTF8.GetString(this[index]);

    /// <summary>
    /// Parses field <paramref name="index"/> with invariant culture; a value that does not parse throws a
    /// <see cref="DataFormatException"/> naming the line, column and the type expected.
    /// </summary>
    public T Parse<T>(int index) where T : IUtf8SpanParsable<T> => Parse<T>(this[index], index);

    /// <summary><paramref name="span"/>, field <paramref name="index"/> of the current row, parsed (for the row view too).</summary>
    internal T Parse<T>(ReadOnlySpan<byte> span, int index) where T : IUtf8SpanParsable<T>
    {
        if (T.TryParse(span, System.Globalization.CultureInfo.InvariantCulture, out var value)) return value;
        throw NotA<T>(span, index);
    }

    /// <summary>
    /// Parses field <paramref name="index"/> through UTF-16 (for types without a UTF-8 parser: dates, times, bool), with
    /// invariant culture; errors as <see cref="Parse{T}"/>.
    /// </summary>
    public T ParseChars<T>(int index) where T : ISpanParsable<T> => ParseChars<T>(this[index], index);

    /// <summary><paramref name="span"/>, field <paramref name="index"/> of the current row, parsed through UTF-16.</summary>
    internal T ParseChars<T>(ReadOnlySpan<byte> span, int index) where T : ISpanParsable<T>
    {
        Span<char> chars = stackalloc char[128];
        if (span.Length <= chars.Length)
        {
            var count = Encoding.UTF8.GetChars(span, chars);
            if (T.TryParse(chars[..count], System.Globalization.CultureInfo.InvariantCulture, out var value)) return value;
        }
        throw NotA<T>(span, index);
    }

    private DataFormatException NotA<T>(ReadOnlySpan<byte> span, int index) =>
        FieldError(index, $"expected {typeof(T).Name.ToLowerInvariant()}, found '{Encoding.UTF8.GetString(span)}'");

    /// <summary>An error located at the start of field <paramref name="index"/> of the current row.</summary>
    public DataFormatException FieldError(int index, string problem)
    {
        var position = index >= 0 && index < fieldCount ? colEnds[colBase + index] + 1 : RowStart;
        return ErrorAt(RowStart, position, $"column {index + 1}{ColumnName(index)}: {problem}", Row);
    }

    private string ColumnName(int index) => index >= 0 && index < Header.Count ? $" ('{Header[index]}')" : "";

    /// <summary>Moves to the next row; false at the end of the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Read()
    {
        if (!readsSynchronously) ThrowReadsAsync();
        if (++rowIndex < rowCount) Enter();
        else if (!NextBatchRow()) return false;
        Row++;
        if (fieldCount != expectedCount) CheckWidth();
        return true;
    }

    /// <summary>
    /// Moves to the next row, waiting for the input only when no parsed row is left; false at the end of the input.
    /// </summary>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (rowIndex + 1 < rowCount)
        {
            rowIndex++;
            Enter();
            Row++;
            if (fieldCount != expectedCount) CheckWidth();
            return new(true);
        }
        return ReadAsyncSlow(cancellationToken);
    }

    private async ValueTask<bool> ReadAsyncSlow(CancellationToken cancellationToken)
    {
        if (!await NextRowAsync(cancellationToken).ConfigureAwait(false)) return false;
        Row++;
        if (fieldCount != expectedCount) CheckWidth();
        return true;
    }

    /// <summary>The first data row sets the width (without a header); a ragged row throws or is padded.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckWidth()
    {
        if (expectedCount < 0) expectedCount = fieldCount;
        else if (options.RaggedRows == RaggedRows.Error || fieldCount > expectedCount) ThrowRagged();
        paddedCount = Math.Max(fieldCount, options.RaggedRows == RaggedRows.Pad ? expectedCount : 0);
    }

    private string[] ReadHeader(bool found)
    {
        if (!found) return [];
        var names = new string[fieldCount];
        for (var i = 0; i < names.Length; i++) names[i] = GetString(i);
        expectedCount = names.Length;
        return names;
    }

    /// <summary>Makes row <see cref="rowIndex"/> of the batch the current row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Enter()
    {
        ref var span = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(rowSpans), rowIndex * 2);
        colBase = span;
        paddedCount = fieldCount = Unsafe.Add(ref span, 1) - colBase;
    }

    [DoesNotReturn, StackTraceHidden]
    private static void ThrowReadsAsync() => throw new InvalidOperationException("this CsvReader reads a PipeReader; call ReadAsync");

    private void ThrowRagged()
    {
        var header = Header.Count > 0 ? $"the header '{Truncate(string.Join((char)options.Delimiter, Header))}'" : "the first row";
        var first = Line;
        var last = LineAt(colEnds[colBase + fieldCount]);
        var lines = last > first ? $" (lines {first}-{last})" : "";
        throw new DataFormatException(file, first, 1, Row, $"expected {expectedCount} fields as {header}, found {fieldCount}{lines}");
    }

    private static string Truncate(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    private static char Printable(byte b) => b is >= 0x20 and < 0x7f ? (char)b : '?';

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        fieldCount = paddedCount = rowCount = 0;
        ReturnBuffers();
        readAhead?.Dispose();
        source.Dispose();
    }
}
