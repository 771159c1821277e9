namespace AotSuite.StaticFiles.Negotiation;

internal enum RangeKind : byte
{
    /// <summary>No usable Range (absent, malformed, another unit, or several ranges): send the whole file with 200.</summary>
    Whole,

    /// <summary>One satisfiable range: 206.</summary>
    Partial,

    /// <summary>Well formed but no range overlaps the file: 416 with <c>Content-Range: bytes */length</c>.</summary>
    Unsatisfiable,
}
