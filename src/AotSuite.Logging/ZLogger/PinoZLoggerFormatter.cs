using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ZLogger;

namespace AotSuite.Logging;

/// <summary>
/// Writes ZLogger entries (any <c>ILogger</c> call routed through a ZLogger provider) as the same pino lines the
/// generated methods write: <c>level</c>, <c>time</c>, <c>pid</c>, <c>hostname</c>, <c>name</c> (the category),
/// <c>msg</c>, the template's parameters as fields and <c>err</c>. Values of types it does not know are written as
/// their <c>ToString()</c>, so it needs no reflection-based serializer.
/// </summary>
public sealed class PinoZLoggerFormatter : IZLoggerFormatter
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string Host = Environment.MachineName;
    private static readonly int Pid = Environment.ProcessId;

    [ThreadStatic] private static Utf8JsonWriter? cachedWriter;

    public bool WithLineBreak => true;

    public void FormatLogEntry(IBufferWriter<byte> writer, IZLoggerEntry entry)
    {
        var json = cachedWriter ??= new Utf8JsonWriter(writer, Options);
        json.Reset(writer);
        var info = entry.LogInfo;
        json.WriteStartObject();
        json.WriteNumber("level"u8, PinoLevel.ToNumber(info.LogLevel));
        json.WriteNumber("time"u8, info.Timestamp.Utc.ToUnixTimeMilliseconds());
        json.WriteNumber("pid"u8, Pid);
        json.WriteString("hostname"u8, Host);
        json.WriteString("name"u8, info.Category.Name);
        json.WriteString("msg"u8, entry.ToString());
        for (var i = 0; i < entry.ParameterCount; i++)
        {
            var key = entry.GetParameterKeyAsString(i);
            if (key.Length > 0 && key[0] == '@') key = key[1..];
            json.WritePropertyName(key);
            WriteValue(json, entry, i);
        }
        if (info.Exception is { } exception)
        {
            json.WriteStartObject("err"u8);
            json.WriteString("type"u8, exception.GetType().FullName);
            json.WriteString("message"u8, exception.Message);
            json.WriteString("stack"u8, exception.ToString());
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.Flush();
    }

    private static void WriteValue(Utf8JsonWriter json, IZLoggerEntry entry, int i)
    {
        var type = entry.GetParameterType(i);
        if (type == typeof(int)) json.WriteNumberValue(entry.GetParameterValue<int>(i));
        else if (type == typeof(long)) json.WriteNumberValue(entry.GetParameterValue<long>(i));
        else if (type == typeof(double)) WriteDouble(json, entry.GetParameterValue<double>(i));
        else if (type == typeof(bool)) json.WriteBooleanValue(entry.GetParameterValue<bool>(i));
        else if (type == typeof(string)) WriteString(json, entry.GetParameterValue<string>(i));
        else if (type == typeof(decimal)) json.WriteNumberValue(entry.GetParameterValue<decimal>(i));
        else if (type == typeof(float)) WriteDouble(json, entry.GetParameterValue<float>(i));
        else
        {
            var value = entry.GetParameterValue(i);
            if (value is null) json.WriteNullValue();
            else if (value is IFormattable formattable) json.WriteStringValue(formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture));
            else json.WriteStringValue(value.ToString());
        }
    }

    private static void WriteDouble(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value)) json.WriteNumberValue(value);
        else json.WriteNullValue();
    }

    private static void WriteString(Utf8JsonWriter json, string? value)
    {
        if (value is null) json.WriteNullValue();
        else json.WriteStringValue(value);
    }
}

/// <summary>Wiring for ZLogger providers.</summary>
public static class PinoZLoggerOptionsExtensions
{
    /// <summary>Formats this provider's entries as pino NDJSON (<see cref="PinoZLoggerFormatter"/>).</summary>
    public static ZLoggerOptions UsePinoFormatter(this ZLoggerOptions options) => options.UseFormatter(static () => new PinoZLoggerFormatter());
}
