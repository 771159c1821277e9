namespace AotSuite.Http.Parsing;

/// <summary>The items of a comma-separated field value (RFC 9110 §5.6.1), trimmed, empty items skipped; no allocation.</summary>
internal ref struct TokenList(ReadOnlySpan<byte> value)
{
    private ReadOnlySpan<byte> rest = value;

    public ReadOnlySpan<byte> Current { get; private set; }

    public readonly TokenList GetEnumerator() => this;

    public bool MoveNext()
    {
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf((byte)',');
            var item = (comma < 0 ? rest : rest[..comma]).Trim(" \t"u8);
            rest = comma < 0 ? default : rest[(comma + 1)..];
            if (!item.IsEmpty)
            {
                Current = item;
                return true;
            }
        }
        return false;
    }
}
