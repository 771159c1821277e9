namespace AotSuite.Web.Binding;

/// <summary>Finds a parameter in a raw query string (<c>a=1&amp;b=2</c>) without splitting it or making strings.</summary>
internal static class QueryString
{
    /// <summary>The raw (still percent-encoded) value of the first <paramref name="name"/>; a bare <c>flag</c> has an empty value.</summary>
    public static bool TryGet(ReadOnlySpan<byte> query, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        while (!query.IsEmpty)
        {
            var amp = query.IndexOf((byte)'&');
            var pair = amp < 0 ? query : query[..amp];
            query = amp < 0 ? default : query[(amp + 1)..];
            var eq = pair.IndexOf((byte)'=');
            var key = eq < 0 ? pair : pair[..eq];
            if (key.SequenceEqual(name))
            {
                value = eq < 0 ? default : pair[(eq + 1)..];
                return true;
            }
        }
        value = default;
        return false;
    }
}
