using AotSuite.Generators;

namespace AotSuite.Json.Generators.Model;

/// <summary>Everything the emitter needs for one [JsonModel] type; holds no symbols, so it caches across edits.</summary>
/// <param name="Declaration">The partial declaration to re-open, e.g. <c>partial record TaskItem</c>.</param>
/// <param name="ContainingDeclarations">Outermost first, for a model nested in other types.</param>
/// <param name="ConstructorArguments">Property names in the order of the chosen constructor's parameters.</param>
internal sealed record JsonModelSpec(
    string HintName,
    string? Namespace,
    string FullName,
    string Declaration,
    EquatableArray<string> ContainingDeclarations,
    bool OmitNulls,
    EquatableArray<string> ConstructorArguments,
    EquatableArray<JsonPropertySpec> Properties);

internal sealed record JsonModelResult(JsonModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics);
