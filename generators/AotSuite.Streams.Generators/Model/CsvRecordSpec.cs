using AotSuite.Generators;

namespace AotSuite.Streams.Generators.Model;

/// <summary>How a column's value is read and written.</summary>
internal enum CsvValueKind
{
    /// <summary>string: GetString / WriteField.</summary>
    Text,

    /// <summary>A type with a UTF-8 parser and formatter (numbers, Guid): Parse / WriteValue.</summary>
    Utf8,

    /// <summary>Dates and times: ParseChars / WriteValue with the round-trip format "O".</summary>
    DateTime,

    /// <summary>bool: ParseChars / "true" or "false".</summary>
    Boolean,
}

/// <summary>One column: the constructor parameter and the property the writer reads.</summary>
/// <param name="Type">The fully qualified type without nullability, e.g. <c>global::System.Decimal</c>.</param>
internal sealed record CsvColumnSpec(string Name, string Type, CsvValueKind Kind, bool Nullable);

/// <summary>Everything the emitter needs for one [CsvRecord] type; holds no symbols, so it caches across edits.</summary>
internal sealed record CsvRecordSpec(
    string HintName,
    string? Namespace,
    string FullName,
    string Declaration,
    EquatableArray<string> ContainingDeclarations,
    EquatableArray<CsvColumnSpec> Columns);

internal sealed record CsvRecordResult(CsvRecordSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics);
