using System.Buffers.Text;
using System.Text.Json;
using AotSuite.Logging.Redaction;

namespace AotSuite.Logging;

public sealed partial class LogEntry
{
    // The redaction node of each open container while a [JsonModel] value is copied (null: nothing to censor inside).
    private RedactNode?[]? jsonNodes;
    private int[]? jsonIndexes;

    /// <summary>
    /// Copies the JSON value <paramref name="json"/> (compact, as our writer makes it) into the line, with every value a
    /// path below <paramref name="node"/> names replaced by the censor. Array elements match <c>*</c> or their index
    /// (<c>items.*.secret</c>, <c>items.0.secret</c>). Untouched stretches are copied as they are.
    /// </summary>
    private void AppendRedacted(ReadOnlySpan<byte> json, RedactNode node)
    {
        var nodes = jsonNodes ??= new RedactNode?[MaxDepth * 4];
        var indexes = jsonIndexes ??= new int[MaxDepth * 4];
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = nodes.Length });
        var copied = 0;
        RedactNode? pending = node;
        Span<byte> name = stackalloc byte[256];
        while (reader.Read())
        {
            var depth = reader.CurrentDepth;
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                var parent = nodes[depth - 1];
                pending = parent is null ? null : FindProperty(parent, ref reader, name);
                continue;
            }
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray) continue;

            // A value: of a property (pending was set by its name), of an array element, or the root (pending = node).
            if (depth > 0 && reader.TokenType != JsonTokenType.PropertyName && indexes[depth - 1] >= 0)
            {
                var parent = nodes[depth - 1];
                pending = parent is null ? null : FindIndex(parent, indexes[depth - 1]);
                indexes[depth - 1]++;
            }
            if (pending is { IsLeaf: true })
            {
                Append(json[copied..(int)reader.TokenStartIndex]);
                Append(logger.CensorJson);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
                copied = (int)reader.BytesConsumed;
                pending = null;
                continue;
            }
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                if (pending is null)
                {
                    reader.Skip(); // nothing below is named: copied as it is
                    continue;
                }
                nodes[depth] = pending;
                indexes[depth] = reader.TokenType == JsonTokenType.StartArray ? 0 : -1;
            }
            pending = null;
        }
        Append(json[copied..]);
    }

    private static RedactNode? FindProperty(RedactNode parent, ref Utf8JsonReader reader, scoped Span<byte> scratch)
    {
        if (!reader.ValueIsEscaped) return parent.Find(reader.ValueSpan);
        var length = reader.ValueSpan.Length;
        var unescaped = length <= scratch.Length ? scratch : new byte[length];
        var written = reader.CopyString(unescaped);
        return parent.Find(unescaped[..written]);
    }

    private static RedactNode? FindIndex(RedactNode parent, int index)
    {
        Span<byte> digits = stackalloc byte[11];
        Utf8Formatter.TryFormat(index, digits, out var written);
        return parent.Find(digits[..written]);
    }
}
