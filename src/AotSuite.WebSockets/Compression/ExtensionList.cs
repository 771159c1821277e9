namespace AotSuite.WebSockets.Compression;

/// <summary>
/// RFC 6455 §9.1: the elements of a <c>Sec-WebSocket-Extensions</c> value (<c>name; param; param=value, name2</c>),
/// split on the commas outside quoted strings, trimmed, empty ones skipped; no allocation.
/// </summary>
internal ref struct ExtensionList(ReadOnlySpan<byte> value)
{
    private ReadOnlySpan<byte> rest = value;

    public ReadOnlySpan<byte> Current { get; private set; }

    public readonly ExtensionList GetEnumerator() => this;

    public bool MoveNext()
    {
        while (!rest.IsEmpty)
        {
            var comma = IndexOfUnquoted(rest, (byte)',');
            var element = (comma < 0 ? rest : rest[..comma]).Trim(" \t"u8);
            rest = comma < 0 ? default : rest[(comma + 1)..];
            if (!element.IsEmpty)
            {
                Current = element;
                return true;
            }
        }
        return false;
    }

    /// <summary>Where <paramref name="separator"/> first occurs outside a quoted string; -1 when it does not.</summary>
    public static int IndexOfUnquoted(ReadOnlySpan<byte> text, byte separator)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"') quoted = !quoted;
            else if (c == '\\' && quoted) i++;
            else if (c == separator && !quoted) return i;
        }
        return -1;
    }
}
