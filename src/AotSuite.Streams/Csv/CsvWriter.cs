using System.Buffers;
using System.Globalization;
using System.Text;

namespace AotSuite.Streams.Csv;

/// <summary>
/// Writes RFC 4180 CSV into a stream through one pooled buffer: a field is quoted only when it holds the delimiter, the
/// quote, the escape or a line break, and quotes inside it are escaped. Call <see cref="EndRow"/> after each row and
/// <see cref="Flush"/> (or dispose) at the end.
/// </summary>
public sealed class CsvWriter : IDisposable
{
    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly byte delimiter, quote, escape;
    private readonly byte[] newLine;
    private readonly SearchValues<byte> needsQuotes;
    private byte[] buffer;
    private int length;
    private bool rowHasField;
    private bool disposed;

    public CsvWriter(Stream stream, CsvOptions? options = null, int bufferSize = 1 << 16, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= CsvOptions.Default;
        options.Validate();
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        delimiter = options.Delimiter;
        quote = options.Quote;
        escape = options.Escape;
        newLine = Encoding.UTF8.GetBytes(options.NewLine);
        needsQuotes = SearchValues.Create([delimiter, quote, escape, (byte)'\r', (byte)'\n']);
        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, 256));
    }


    /// <summary>Writes one field of UTF-8 text, quoting it when it needs quotes.</summary>
    public void WriteField(ReadOnlySpan<byte> value)
    {
        Separate();
        if (value.IndexOfAny(needsQuotes) < 0)
        {
            Append(value);
            return;
        }
        Reserve(value.Length * 2 + 2);
        buffer[length++] = quote;
        foreach (var b in value)
        {
            if (b == quote || (b == escape && escape != quote)) buffer[length++] = escape;
            buffer[length++] = b;
        }
        buffer[length++] = quote;
    }

    public void WriteField(string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= 512)
        {
            Span<byte> utf8 = stackalloc byte[512];
            WriteField(utf8[..Encoding.UTF8.GetBytes(value, utf8)]);
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            WriteField(rented.AsSpan(0, Encoding.UTF8.GetBytes(value, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Writes a number, date or other formattable value with invariant culture (never needs quotes).</summary>
    public void WriteValue<T>(T value, ReadOnlySpan<char> format = default) where T : IUtf8SpanFormattable
    {
        Separate();
        int written;
        while (!value.TryFormat(buffer.AsSpan(length), out written, format, CultureInfo.InvariantCulture)) Reserve(buffer.Length - length + 64);
        length += written;
    }

    /// <summary>Ends the row with the configured line ending.</summary>
    public void EndRow()
    {
        Append(newLine);
        rowHasField = false;
    }

    /// <summary>Writes every field given and ends the row.</summary>
    public void WriteRow(params ReadOnlySpan<string> values)
    {
        foreach (var value in values) WriteField(value);
        EndRow();
    }

    public void Flush()
    {
        if (length > 0)
        {
            stream.Write(buffer, 0, length);
            length = 0;
        }
        stream.Flush();
    }

    private void Separate()
    {
        if (rowHasField)
        {
            if (length == buffer.Length) Reserve(1);
            buffer[length++] = delimiter;
        }
        rowHasField = true;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    private void Reserve(int count)
    {
        if (buffer.Length - length >= count) return;
        if (length > 0)
        {
            stream.Write(buffer, 0, length);
            length = 0;
        }
        if (buffer.Length < count)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(count);
        }
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Flush();
        ArrayPool<byte>.Shared.Return(buffer);
        if (!leaveOpen) stream.Dispose();
    }
}
