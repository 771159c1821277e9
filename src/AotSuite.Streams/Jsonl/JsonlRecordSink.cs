using System.Text.Json;
using AotSuite.Streams.Records;

namespace AotSuite.Streams.Jsonl;

/// <summary>
/// Writes records as one JSON object per line. CSV text that reads as a JSON number is written as a number (as Miller
/// infers types); everything else keeps its kind.
/// </summary>
public sealed class JsonlRecordSink(JsonlWriter writer) : IRecordSink
{
    private IReadOnlyList<string>? cachedFor;
    private JsonEncodedText[] names = [];

    public void Write(IReadOnlyList<string> columns, Record record)
    {
        if (!ReferenceEquals(columns, cachedFor))
        {
            names = [.. columns.Select(static c => JsonEncodedText.Encode(c, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping))];
            cachedFor = columns;
        }
        var json = writer.Json;
        json.WriteStartObject();
        for (var i = 0; i < record.Count && i < names.Length; i++)
        {
            json.WritePropertyName(names[i]);
            var value = record[i];
            switch (record.KindOf(i))
            {
                case ValueKind.Text when JsonNumber.IsValid(value):
                case ValueKind.Number:
                case ValueKind.True:
                case ValueKind.False:
                case ValueKind.Raw:
                    json.WriteRawValue(value, skipInputValidation: true);
                    break;
                case ValueKind.Null:
                    json.WriteNullValue();
                    break;
                default:
                    json.WriteStringValue(value);
                    break;
            }
        }
        json.WriteEndObject();
        writer.EndLine();
    }

    public void Flush() => writer.Flush();

    public void Dispose() => writer.Dispose();
}
