using System.Text;
using System.Text.Json;
using AotSuite.Streams.Records;

namespace AotSuite.Streams.Jsonl;

/// <summary>
/// JSON Lines objects as records. The first object's keys are the columns; a later object missing a key gets null
/// there, and one with a key the first lacked is an error (or, with <paramref name="skipBad"/>, a skipped row).
/// Nested objects and arrays are kept as raw JSON text.
/// </summary>
public sealed class JsonlRecordSource(JsonlReader reader, bool skipBad = false) : IRecordSource
{
    private readonly Record record = new() { File = reader.File };
    private readonly Record parsed = new();
    private string[]? columns;
    private byte[][] names = [];
    private int[] order = [];
    private bool peeked;

    public IReadOnlyList<string> Columns
    {
        get
        {
            if (columns is null)
            {
                columns = [];
                if (ReadObject(first: true)) peeked = true;
            }
            return columns;
        }
    }

    public Record Current => record;

    public long Skipped { get; private set; }

    public JsonlReader Reader => reader;

    public bool MoveNext()
    {
        _ = Columns;
        if (peeked)
        {
            peeked = false;
            return true;
        }
        return ReadObject(first: false);
    }

    private bool ReadObject(bool first)
    {
        while (reader.Read())
        {
            try
            {
                Parse(first);
                return true;
            }
            catch (DataFormatException) when (skipBad)
            {
                Skipped++;
            }
        }
        return false;
    }

    private void Parse(bool first)
    {
        var json = new Utf8JsonReader(reader.Current);
        parsed.Clear();
        var keys = first ? new List<string>() : null;
        if (!first) Array.Fill(order, -1);
        try
        {
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject) throw Error(json, "expected a JSON object ('{')");
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var slot = parsed.Count;
                if (first)
                {
                    keys!.Add(json.GetString()!);
                }
                else
                {
                    var column = Find(ref json);
                    if (column < 0)
                    {
                        throw Error(json, $"key '{json.GetString()}' is not among the columns from line 1 ({string.Join(",", columns!)})");
                    }
                    order[column] = slot;
                }
                json.Read();
                AddValue(ref json);
            }
            if (json.TokenType != JsonTokenType.EndObject) throw Error(json, "expected a property name or '}'");
            if (json.Read()) throw Error(json, "expected the end of the line after the object");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(reader.File, reader.Line, (e.BytePositionInLine ?? 0) + 1, reader.Row, $"invalid JSON: {Trim(e.Message)}");
        }

        record.Clear();
        record.Line = reader.Line;
        record.Row = reader.Row;
        if (first)
        {
            columns = [.. keys!];
            names = [.. columns.Select(static c => Encoding.UTF8.GetBytes(c))];
            order = new int[columns.Length];
            record.CopyFrom(parsed);
            record.Line = reader.Line;
            record.Row = reader.Row;
            return;
        }
        for (var i = 0; i < order.Length; i++)
        {
            if (order[i] < 0) record.Add([], ValueKind.Null);
            else record.Add(parsed[order[i]], parsed.KindOf(order[i]));
        }
    }

    private static string Trim(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private int Find(ref Utf8JsonReader json)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (json.ValueTextEquals(names[i])) return i;
        }
        return -1;
    }

    private void AddValue(ref Utf8JsonReader json)
    {
        switch (json.TokenType)
        {
            case JsonTokenType.String:
                if (json.ValueIsEscaped || json.HasValueSequence)
                {
                    parsed.Add(json.GetString()!, ValueKind.String);
                }
                else
                {
                    parsed.Add(json.ValueSpan, ValueKind.String);
                }
                break;
            case JsonTokenType.Number:
                parsed.Add(json.ValueSpan, ValueKind.Number);
                break;
            case JsonTokenType.True:
                parsed.Add("true"u8, ValueKind.True);
                break;
            case JsonTokenType.False:
                parsed.Add("false"u8, ValueKind.False);
                break;
            case JsonTokenType.Null:
                parsed.Add([], ValueKind.Null);
                break;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var start = (int)json.TokenStartIndex;
                json.Skip();
                parsed.Add(reader.Current[start..((int)json.TokenStartIndex + 1)], ValueKind.Raw);
                break;
            default:
                throw Error(json, $"expected a value, found {json.TokenType}");
        }
    }

    private DataFormatException Error(Utf8JsonReader json, string problem) =>
        new(reader.File, reader.Line, json.TokenStartIndex + 1, reader.Row, problem);

    public void Dispose() => reader.Dispose();
}
