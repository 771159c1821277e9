using System.Buffers.Text;
using System.ComponentModel;
using System.Text.Json;

namespace AotSuite.Json;

/// <summary>
/// Scalar reads for generated code: each checks the token type and throws a <see cref="JsonModelException"/> that says
/// what was expected and what was found, so generated readers stay short.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonValueReader
{
    public static string ReadString(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String, "a string");
        return reader.GetString()!;
    }

    public static bool ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Unexpected(ref reader, "true or false"),
    };

    public static int ReadInt32(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.Number, "an integer");
        return reader.TryGetInt32(out var value) ? value : throw Unexpected(ref reader, "an integer in the range of Int32");
    }

    public static long ReadInt64(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.Number, "an integer");
        return reader.TryGetInt64(out var value) ? value : throw Unexpected(ref reader, "an integer in the range of Int64");
    }

    public static double ReadDouble(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.Number, "a number");
        return reader.GetDouble();
    }

    public static float ReadSingle(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.Number, "a number");
        return reader.GetSingle();
    }

    public static decimal ReadDecimal(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.Number, "a number");
        return reader.TryGetDecimal(out var value) ? value : throw Unexpected(ref reader, "a number in the range of Decimal");
    }

    public static Guid ReadGuid(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String, "a GUID string");
        return reader.TryGetGuid(out var value) ? value : throw Unexpected(ref reader, "a GUID string");
    }

    public static DateTimeOffset ReadDateTimeOffset(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String, "an ISO 8601 date-time string");
        return reader.TryGetDateTimeOffset(out var value) ? value : throw Unexpected(ref reader, "an ISO 8601 date-time string");
    }

    public static DateTime ReadDateTime(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String, "an ISO 8601 date-time string");
        return reader.TryGetDateTime(out var value) ? value : throw Unexpected(ref reader, "an ISO 8601 date-time string");
    }

    public static DateOnly ReadDateOnly(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String, "a date string (yyyy-MM-dd)");
        Span<char> chars = stackalloc char[16];
        var written = reader.ValueSpan.Length <= 16 && !reader.ValueIsEscaped ? ToChars(reader.ValueSpan, chars) : -1;
        return written > 0 && DateOnly.TryParseExact(chars[..written], "yyyy-MM-dd", out var value)
            ? value
            : throw Unexpected(ref reader, "a date string (yyyy-MM-dd)");
    }

    public static TimeSpan ReadTimeSpan(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String, "a time span string (c format)");
        return Utf8Parser.TryParse(reader.ValueSpan, out TimeSpan value, out var consumed, 'c') && consumed == reader.ValueSpan.Length
            ? value
            : throw Unexpected(ref reader, "a time span string (c format)");
    }

    /// <summary>Moves to the next token, which must exist (the document is not cut short).</summary>
    public static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonModelException("the document ends too early");
    }

    public static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string expected)
    {
        if (reader.TokenType != type) throw Unexpected(ref reader, expected);
    }

    public static JsonModelException Unexpected(ref Utf8JsonReader reader, string expected) =>
        new($"expected {expected}, found {Describe(ref reader)}");

    public static JsonModelException Missing(string property) => new JsonModelException("required property is missing").InProperty(property);

    public static JsonModelException NullNotAllowed() => new("null is not allowed here");

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"the string \"{Shorten(reader.GetString())}\"",
        JsonTokenType.Number => $"the number {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)}",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => reader.TokenType.ToString(),
    };

    private static string? Shorten(string? text) => text is { Length: > 40 } ? text[..40] + "…" : text;

    private static int ToChars(ReadOnlySpan<byte> ascii, Span<char> chars)
    {
        for (var i = 0; i < ascii.Length; i++) chars[i] = (char)ascii[i];
        return ascii.Length;
    }
}
