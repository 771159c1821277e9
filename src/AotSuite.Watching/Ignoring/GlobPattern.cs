using System.Text;
using System.Text.RegularExpressions;

namespace AotSuite.Watching.Ignoring;

/// <summary>
/// One line of .gitignore syntax turned into a regex over a '/'-separated relative path: <c>*</c> and <c>?</c> stay
/// within a segment, <c>**</c> crosses them, a pattern without an inner '/' matches at any depth, a trailing '/' matches
/// folders only, a leading '!' re-includes.
/// </summary>
internal sealed class GlobPattern
{
    private readonly Regex regex;

    private GlobPattern(string text, Regex regex, bool negated, bool directoryOnly)
    {
        Text = text;
        this.regex = regex;
        Negated = negated;
        DirectoryOnly = directoryOnly;
    }

    public string Text { get; }

    public bool Negated { get; }

    public bool DirectoryOnly { get; }

    /// <summary>Null for a blank line or a comment.</summary>
    public static GlobPattern? Parse(string line)
    {
        var text = line.TrimEnd('\r');
        // Trailing spaces are ignored unless escaped (gitignore(5)).
        while (text.EndsWith(' ') && !text.EndsWith("\\ ", StringComparison.Ordinal)) text = text[..^1];
        if (text.Length == 0 || text[0] == '#') return null;
        var negated = text[0] == '!';
        if (negated) text = text[1..];
        if (text.StartsWith("./", StringComparison.Ordinal)) text = text[2..];
        var directoryOnly = text.EndsWith('/');
        text = text.TrimEnd('/');
        if (text.Length == 0) return null;
        var anchored = text.Contains('/');
        text = text.TrimStart('/');
        var pattern = new StringBuilder("^");
        if (!anchored) pattern.Append("(?:.*/)?");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '*' when i + 1 < text.Length && text[i + 1] == '*':
                    var slashAfter = i + 2 < text.Length && text[i + 2] == '/';
                    var atStart = i == 0 || text[i - 1] == '/';
                    if (atStart && slashAfter)
                    {
                        pattern.Append("(?:.*/)?"); // **/ : zero or more folders
                        i += 2;
                    }
                    else
                    {
                        pattern.Append(".*");
                        i++;
                    }
                    break;
                case '*':
                    pattern.Append("[^/]*");
                    break;
                case '?':
                    pattern.Append("[^/]");
                    break;
                case '[':
                    var close = text.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        pattern.Append("\\[");
                        break;
                    }
                    var set = text[(i + 1)..close];
                    if (set.StartsWith('!')) set = "^" + set[1..];
                    pattern.Append('[').Append(set.Replace("\\", "\\\\")).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < text.Length:
                    pattern.Append(Regex.Escape(text[++i].ToString()));
                    break;
                default:
                    pattern.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        pattern.Append('$');
        return new GlobPattern(line, new Regex(pattern.ToString(), RegexOptions.CultureInvariant), negated, directoryOnly);
    }

    public bool IsMatch(string relativePath) => regex.IsMatch(relativePath);
}
