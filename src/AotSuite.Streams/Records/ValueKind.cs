namespace AotSuite.Streams.Records;

/// <summary>What a value is, so a JSONL writer can keep JSON types and a CSV field can become a JSON number.</summary>
public enum ValueKind : byte
{
    /// <summary>Untyped text from CSV: written to JSON as a number when it reads as one, else as a string.</summary>
    Text,
    String,
    Number,
    True,
    False,
    Null,

    /// <summary>A nested JSON object or array, kept as its raw UTF-8 text.</summary>
    Raw,
}
