namespace AotSuite.Generators.Json;

/// <summary>One JSON property: its C# and JSON names, its type, and how the reader hands its value to the object.</summary>
/// <param name="MissingValue">The C# expression used when the property is absent from the JSON: a constructor
/// parameter's default or an init-only property's initializer (null when absence is an error or the object keeps its own value).</param>
internal sealed record JsonPropertySpec(
    string Name,
    string JsonName,
    JsonTypeRef Type,
    bool IsRequired,
    JsonSetMode SetMode,
    string? MissingValue);

internal enum JsonSetMode
{
    /// <summary>Read-only: written, never read.</summary>
    None,
    /// <summary>A constructor argument.</summary>
    Constructor,
    /// <summary>Set in the object initializer (init-only or required).</summary>
    Initializer,
    /// <summary>Assigned after construction, only when present.</summary>
    Assign,
}
