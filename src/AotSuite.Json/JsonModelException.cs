using System.Text;
using System.Text.Json;

namespace AotSuite.Json;

/// <summary>
/// A document that does not fit its model: says where (source, line, column, JSON path) and what is wrong.
/// Generated readers add path segments on the way out, so the message names <c>$.tasks[3].due</c>, not just <c>due</c>.
/// </summary>
public sealed class JsonModelException : Exception
{
    private readonly List<string> reversedPath = [];

    public JsonModelException(string reason, Exception? inner = null) : base(reason, inner) => Reason = reason;

    /// <summary>What is wrong, without the place.</summary>
    public string Reason { get; }

    /// <summary>The file or other source the document came from, when the caller named one.</summary>
    public string? SourceName { get; private set; }

    /// <summary>1-based line of the offending token; 0 when unknown.</summary>
    public int Line { get; private set; }

    /// <summary>1-based byte column of the offending token; 0 when unknown.</summary>
    public int Column { get; private set; }

    /// <summary>The JSON path of the offending value, e.g. <c>$.tasks[3].due</c>.</summary>
    public string Path
    {
        get
        {
            var builder = new StringBuilder("$");
            for (var i = reversedPath.Count - 1; i >= 0; i--) builder.Append(reversedPath[i]);
            return builder.ToString();
        }
    }

    public override string Message
    {
        get
        {
            var place = Line > 0 ? $"{SourceName ?? "<json>"}:{Line}:{Column}: " : SourceName is null ? "" : $"{SourceName}: ";
            var path = Path;
            return path == "$" ? $"{place}{Reason}" : $"{place}{Reason} (at {path})";
        }
    }

    /// <summary>Called by generated readers as the exception leaves a property.</summary>
    public JsonModelException InProperty(string name)
    {
        reversedPath.Add("." + name);
        return this;
    }

    /// <summary>Called by generated readers as the exception leaves an array element.</summary>
    public JsonModelException AtIndex(int index)
    {
        reversedPath.Add($"[{index}]");
        return this;
    }

    internal JsonModelException At(string? source, int line, int column)
    {
        SourceName = source;
        Line = line;
        Column = column;
        return this;
    }

    internal static string Describe(JsonException e)
    {
        // System.Text.Json appends its own "LineNumber: .. | BytePositionInLine: .." which we report in our own form.
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return "malformed JSON: " + (cut > 0 ? message[..cut].TrimEnd() : message);
    }
}
