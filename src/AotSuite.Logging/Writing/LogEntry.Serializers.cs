using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using AotSuite.Json;

namespace AotSuite.Logging;

public sealed partial class LogEntry
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        SkipValidation = true,
        // Our lines are UTF-8 JSON read by machines, not HTML: no \u escapes for non-ASCII or '<'.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private Utf8JsonWriter? jsonWriter;
    private ArrayBufferWriter<byte>? redactedJson;
    private Utf8JsonWriter? redactedJsonWriter;

    /// <summary>
    /// pino's error serializer: <c>{"type":…,"message":…,"stack":…}</c>. <c>stack</c> is .NET's full text (type,
    /// message, frames and inner exceptions), which is what a reader of the log needs.
    /// </summary>
    public void FieldException(ReadOnlySpan<byte> key, Exception? value)
    {
        if (value is null)
        {
            FieldNull(key);
            return;
        }
        if (!BeginObject(key)) return;
        FieldString("type"u8, value.GetType().FullName);
        FieldString("message"u8, value.Message);
        FieldString("stack"u8, value.ToString());
        EndObject();
    }

    /// <summary>
    /// A [JsonModel] value through its generated writer. When a redaction path goes inside it (<c>user.password</c>),
    /// the JSON is written aside first and copied in with the censored values replaced: only values that a path names
    /// pay for that.
    /// </summary>
    public void FieldJson<T>(ReadOnlySpan<byte> key, T? value) where T : IJsonModel<T>
    {
        var inside = redact?.Find(key);
        if (!Key(key)) return;
        if (value is null)
        {
            Append("null"u8);
            return;
        }
        if (inside is null)
        {
            var writer = jsonWriter ??= new Utf8JsonWriter(this, JsonOptions);
            writer.Reset(this);
            T.WriteJson(writer, value);
            writer.Flush();
            return;
        }
        var aside = redactedJson ??= new ArrayBufferWriter<byte>(256);
        aside.ResetWrittenCount();
        var asideWriter = redactedJsonWriter ??= new Utf8JsonWriter(aside, JsonOptions);
        asideWriter.Reset(aside);
        T.WriteJson(asideWriter, value);
        asideWriter.Flush();
        AppendRedacted(aside.WrittenSpan, inside);
    }
}
