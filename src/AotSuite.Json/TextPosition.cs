namespace AotSuite.Json;

internal static class TextPosition
{
    /// <summary>1-based line and byte column of <paramref name="offset"/>; only called on the error path.</summary>
    public static (int Line, int Column) Of(ReadOnlySpan<byte> text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var before = text[..offset];
        var line = before.Count((byte)'\n') + 1;
        var lastNewline = before.LastIndexOf((byte)'\n');
        return (line, offset - lastNewline);
    }
}
