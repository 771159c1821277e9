using System.Buffers;

namespace AotSuite.Streams.Jsonl;

/// <summary>
/// Splits JSON Lines input into one span per line over a pooled buffer (blank lines skipped, CRLF accepted); parse each
/// with <see cref="System.Text.Json.Utf8JsonReader"/>. A line is valid until the next <see cref="Read"/>.
/// </summary>
public sealed class JsonlReader : IDisposable
{
    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly int maxLineBytes;
    private byte[] buffer;
    private int start, end, lineStart, lineEnd;
    private bool eof, disposed;
    private long nextLine = 1;
    private long streamOffset;

    public JsonlReader(Stream stream, string file = "<input>", int bufferSize = 1 << 16, int maxLineBytes = 64 << 20, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        this.maxLineBytes = maxLineBytes;
        File = file;
        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, 64));
    }

    public string File { get; }

    /// <summary>The 1-based line of <see cref="Current"/>.</summary>
    public long Line { get; private set; }

    /// <summary>The number of records read so far.</summary>
    public long Row { get; private set; }

    public long BytesConsumed => streamOffset + start;

    public ReadOnlySpan<byte> Current => buffer.AsSpan(lineStart, lineEnd - lineStart);

    public bool Read()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        while (true)
        {
            var lf = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            int stop, after;
            if (lf >= 0)
            {
                stop = start + lf;
                after = stop + 1;
            }
            else if (eof)
            {
                if (start == end) return false;
                stop = after = end;
            }
            else
            {
                Fill();
                continue;
            }
            Line = nextLine++;
            lineStart = start;
            lineEnd = stop > start && buffer[stop - 1] == '\r' ? stop - 1 : stop;
            start = after;
            if (Current.Trim(" \t"u8).IsEmpty) continue;
            if (lineStart == 0 && buffer[0] == 0xEF && Current.StartsWith("\uFEFF"u8) && Line == 1) lineStart += 3;
            Row++;
            return true;
        }
    }

    private void Fill()
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            streamOffset += start;
            end -= start;
            start = 0;
        }
        if (end == buffer.Length)
        {
            if (end >= maxLineBytes) throw new DataFormatException(File, nextLine, 1, Row + 1, $"a line is longer than {maxLineBytes} bytes; expected a line break");
            var grown = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxLineBytes));
            buffer.AsSpan(0, end).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = grown;
        }
        var read = stream.Read(buffer, end, buffer.Length - end);
        if (read == 0) eof = true;
        end += read;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        ArrayPool<byte>.Shared.Return(buffer);
        if (!leaveOpen) stream.Dispose();
    }
}
