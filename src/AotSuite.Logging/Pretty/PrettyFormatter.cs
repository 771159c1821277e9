using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AotSuite.Logging.Pretty;

/// <summary>
/// pino-pretty's layout for one NDJSON line: <c>[HH:mm:ss.fff] INFO (name/pid): message</c> (UTC), then each other
/// field on its own line, indented four spaces, objects spread over lines and a <c>stack</c> as real lines.
/// A line that is not a JSON object passes through unchanged, as pino-pretty does. Used by <see cref="LogFormat.Pretty"/>
/// and by the <c>logpretty</c> tool.
/// </summary>
public static class PrettyFormatter
{
    private static readonly string[] LevelNames = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
    private static readonly string[] LevelColors = ["90", "34", "32", "33", "31", "41"];
    private static readonly HashSet<string> Header = ["level", "time", "pid", "hostname", "name", "msg"];

    [ThreadStatic] private static ArrayBufferWriter<byte>? scratch;

    internal static void WriteTo(LogSink sink, ReadOnlySpan<byte> line, bool color)
    {
        var output = scratch ??= new ArrayBufferWriter<byte>(1024);
        output.ResetWrittenCount();
        Format(line, output, color);
        sink.Write(output.WrittenSpan);
    }

    /// <summary>Writes the human form of <paramref name="line"/> (with or without its newline) and a newline.</summary>
    public static void Format(ReadOnlySpan<byte> line, IBufferWriter<byte> output, bool color)
    {
        var trimmed = line.TrimEnd("\r\n"u8);
        JsonDocument? document = null;
        if (trimmed.Length > 0 && trimmed[0] == (byte)'{')
        {
            try
            {
                document = JsonDocument.Parse(trimmed.ToArray());
            }
            catch (JsonException)
            {
                document = null;
            }
        }
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document?.Dispose();
            output.Write(trimmed);
            output.Write("\n"u8);
            return;
        }
        using (document)
        {
            var text = new StringBuilder(256);
            Render(document.RootElement, text, color);
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            output.Write(bytes);
        }
    }

    private static void Render(JsonElement root, StringBuilder text, bool color)
    {
        if (root.TryGetProperty("time", out var time) && time.TryGetInt64(out var ms))
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            text.Append('[').Append(at.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append("] ");
        }
        else if (time.ValueKind == JsonValueKind.String)
        {
            text.Append('[').Append(time.GetString()).Append("] ");
        }

        var levelIndex = -1;
        string levelText = "USERLVL";
        if (root.TryGetProperty("level", out var level))
        {
            if (level.TryGetInt64(out var number))
            {
                levelIndex = number is 10 or 20 or 30 or 40 or 50 or 60 ? (int)(number / 10) - 1 : -1;
                levelText = levelIndex >= 0 ? LevelNames[levelIndex] : "USERLVL";
            }
            else if (level.ValueKind == JsonValueKind.String && PinoLevel.TryParse(level.GetString(), out var named) && (int)named < 6)
            {
                levelIndex = (int)named;
                levelText = LevelNames[levelIndex];
            }
        }
        text.Append(Paint(color, levelIndex >= 0 ? LevelColors[levelIndex] : "", levelText));

        // pino-pretty 13's default: (name/pid); hostname is hidden.
        var origin = new StringBuilder();
        if (root.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String) origin.Append(name.GetString());
        if (root.TryGetProperty("pid", out var pid))
        {
            if (origin.Length > 0) origin.Append('/');
            origin.Append(pid.GetRawText());
        }
        if (origin.Length > 0) text.Append(" (").Append(origin).Append(')');
        text.Append(':');
        if (root.TryGetProperty("msg", out var msg))
        {
            var message = msg.ValueKind == JsonValueKind.String ? msg.GetString() : msg.GetRawText();
            text.Append(' ').Append(Paint(color, "36", message ?? ""));
        }
        text.Append('\n');

        foreach (var property in root.EnumerateObject())
        {
            if (Header.Contains(property.Name)) continue;
            text.Append("    ").Append(Paint(color, "35", property.Name)).Append(": ");
            Value(property.Value, text, 4);
            text.Append('\n');
        }
    }

    /// <summary>A value at <paramref name="indent"/>: objects and arrays two spaces deeper per level, as pino-pretty prints them.</summary>
    private static void Value(JsonElement value, StringBuilder text, int indent)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var any = false;
                foreach (var property in value.EnumerateObject())
                {
                    text.Append(any ? ",\n" : "\n").Append(' ', indent + 2).Append(JsonString(property.Name)).Append(':');
                    any = true;
                    if (property.Name == "stack" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        // A stack trace as the lines it is made of, four spaces in, like pino-pretty's err.
                        foreach (var line in (property.Value.GetString() ?? "").Split('\n'))
                        {
                            text.Append('\n').Append(' ', indent + 6).Append(line.TrimEnd('\r'));
                        }
                        continue;
                    }
                    text.Append(' ');
                    Value(property.Value, text, indent + 2);
                }
                if (any) text.Append('\n').Append(' ', indent);
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    text.Append(first ? "\n" : ",\n").Append(' ', indent + 2);
                    Value(item, text, indent + 2);
                    first = false;
                }
                if (!first) text.Append('\n').Append(' ', indent);
                text.Append(']');
                break;
            default:
                text.Append(value.GetRawText());
                break;
        }
    }

    private static string JsonString(string name) => "\"" + JsonEncodedText.Encode(name, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";

    private static string Paint(bool color, string code, string text) =>
        color && code.Length > 0 && text.Length > 0 ? $"\e[{code}m{text}\e[0m" : text;
}
