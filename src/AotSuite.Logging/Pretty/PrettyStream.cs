using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AotSuite.Logging.Pretty;

/// <summary>
/// NDJSON in, the human format out, line by line (what <c>logpretty</c> and <c>pino-pretty</c> do with a pipe). Output is
/// flushed whenever the input has nothing more ready, so <c>app | logpretty</c> shows each line as it comes.
/// </summary>
public static class PrettyStream
{
    /// <summary>Copies <paramref name="input"/> to <paramref name="output"/> prettified; returns the lines written.</summary>
    /// <param name="minimum">Lines whose pino level is below it are skipped; lines that are not JSON are always kept.</param>
    public static async Task<long> CopyAsync(Stream input, Stream output, bool color, LogLevel minimum = LogLevel.Trace,
        CancellationToken cancellationToken = default)
    {
        var buffer = new byte[64 << 10];
        var filled = 0;
        var formatted = new ArrayBufferWriter<byte>(64 << 10);
        long lines = 0;
        while (true)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2); // one line longer than the buffer
            var read = await input.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0) break;
            filled += read;
            var start = 0;
            int newline;
            while ((newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n')) >= 0)
            {
                lines += FormatLine(buffer.AsSpan(start, newline), formatted, color, minimum);
                start += newline + 1;
            }
            buffer.AsSpan(start, filled - start).CopyTo(buffer);
            filled -= start;
            await output.WriteAsync(formatted.WrittenMemory, cancellationToken);
            await output.FlushAsync(cancellationToken);
            formatted.ResetWrittenCount();
        }
        if (filled > 0) lines += FormatLine(buffer.AsSpan(0, filled), formatted, color, minimum);
        await output.WriteAsync(formatted.WrittenMemory, cancellationToken);
        await output.FlushAsync(cancellationToken);
        return lines;
    }

    private static int FormatLine(ReadOnlySpan<byte> line, ArrayBufferWriter<byte> output, bool color, LogLevel minimum)
    {
        line = line.TrimEnd((byte)'\r');
        if (line.IsEmpty) return 0;
        if (minimum > LogLevel.Trace && LevelOf(line) is { } level && level < minimum) return 0;
        PrettyFormatter.Format(line, output, color);
        return 1;
    }

    /// <summary>The pino level of a JSON line (a number or a name), or null when it has none.</summary>
    private static LogLevel? LevelOf(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isLevel = reader.ValueTextEquals("level"u8);
                if (!reader.Read()) return null;
                if (isLevel)
                {
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number)) return PinoLevel.FromNumber(number);
                    if (reader.TokenType == JsonTokenType.String && PinoLevel.TryParse(reader.GetString(), out var named)) return named;
                    return null;
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
