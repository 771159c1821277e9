using System.Buffers;
using System.Text.Json;

namespace AotSuite.Json;

/// <summary>Entry points over the generated readers and writers.</summary>
public static class JsonModel
{
    private static readonly JsonWriterOptions Compact = new() { SkipValidation = true };
    private static readonly JsonWriterOptions Indented = new() { SkipValidation = true, Indented = true };

    /// <summary>Writes <paramref name="value"/> as UTF-8 JSON into <paramref name="output"/>.</summary>
    public static void Serialize<T>(IBufferWriter<byte> output, T value, bool indented = false) where T : IJsonModel<T>
    {
        using var writer = new Utf8JsonWriter(output, indented ? Indented : Compact);
        T.WriteJson(writer, value);
    }

    /// <summary>Writes <paramref name="values"/> as one JSON array.</summary>
    public static void SerializeArray<T>(IBufferWriter<byte> output, IEnumerable<T> values, bool indented = false) where T : IJsonModel<T>
    {
        using var writer = new Utf8JsonWriter(output, indented ? Indented : Compact);
        writer.WriteStartArray();
        foreach (var value in values) T.WriteJson(writer, value);
        writer.WriteEndArray();
    }

    /// <summary>Returns <paramref name="value"/> as UTF-8 JSON bytes.</summary>
    public static byte[] SerializeToUtf8Bytes<T>(T value, bool indented = false) where T : IJsonModel<T>
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Serialize(buffer, value, indented);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads one <typeparamref name="T"/> from <paramref name="utf8"/>. Any error, malformed JSON or a value of the wrong
    /// shape, becomes a <see cref="JsonModelException"/> naming <paramref name="source"/>, the line, column and JSON path.
    /// </summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8, string? source = null) where T : IJsonModel<T> =>
        Deserialize<T, JsonModelCodec<T>>(utf8, source);

    /// <summary>Reads one <typeparamref name="T"/> with <typeparamref name="TCodec"/>; errors as <see cref="Deserialize{T}"/>.</summary>
    public static T Deserialize<T, TCodec>(ReadOnlySpan<byte> utf8, string? source = null) where TCodec : IJsonCodec<T>
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read()) throw new JsonModelException("the document is empty");
            var value = TCodec.ReadJson(ref reader);
            if (reader.Read()) throw new JsonModelException("unexpected data after the end of the document");
            return value;
        }
        catch (JsonModelException e)
        {
            var (line, column) = TextPosition.Of(utf8, (int)reader.TokenStartIndex);
            throw e.At(source, line, column);
        }
        catch (JsonException e)
        {
            var message = JsonModelException.Describe(e);
            throw new JsonModelException(message, e).At(source, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
        }
    }
}
