using System.Collections.Generic;

namespace AotSuite.Logging.Generators.Parsing;

/// <summary>
/// A message template split into literal text and <c>{Name}</c> / <c>{Name:format}</c> placeholders, with <c>{{</c> and
/// <c>}}</c> as literal braces (the MEL template syntax).
/// </summary>
internal static class MessageTemplate
{
    public readonly record struct Segment(string? Text, string? Name, string? Format);

    /// <summary>The segments, or an error (what is wrong, at which offset).</summary>
    public static (List<Segment> Segments, string? Error, int Offset) Parse(string template)
    {
        var segments = new List<Segment>();
        var text = new System.Text.StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '{')
            {
                if (i + 1 < template.Length && template[i + 1] == '{')
                {
                    text.Append('{');
                    i += 2;
                    continue;
                }
                var close = template.IndexOf('}', i + 1);
                if (close < 0) return (segments, "a '{' with no closing '}'", i);
                var hole = template.Substring(i + 1, close - i - 1);
                if (hole.IndexOf('{') >= 0) return (segments, "a '{' inside a placeholder", i);
                var colon = hole.IndexOf(':');
                var name = (colon < 0 ? hole : hole.Substring(0, colon)).Trim();
                var format = colon < 0 ? null : hole.Substring(colon + 1);
                if (name.Length == 0 || name.IndexOf(',') >= 0) return (segments, $"an invalid placeholder '{{{hole}}}'", i);
                if (text.Length > 0)
                {
                    segments.Add(new Segment(text.ToString(), null, null));
                    text.Clear();
                }
                segments.Add(new Segment(null, name.TrimStart('@'), format));
                i = close + 1;
                continue;
            }
            if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}')
                {
                    text.Append('}');
                    i += 2;
                    continue;
                }
                return (segments, "a '}' with no opening '{'", i);
            }
            text.Append(c);
            i++;
        }
        if (text.Length > 0) segments.Add(new Segment(text.ToString(), null, null));
        return (segments, null, 0);
    }

    /// <summary>JSON string content for a literal run (RFC 8259 §7); non-ASCII stays as is and becomes UTF-8 in a u8 literal.</summary>
    public static string EscapeJson(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < ' ': builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }
}
