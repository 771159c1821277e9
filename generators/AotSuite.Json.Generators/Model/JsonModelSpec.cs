using AotSuite.Generators;
using AotSuite.Generators.Json;

namespace AotSuite.Json.Generators.Model;

/// <summary>One [JsonModel] type: where its partial declaration re-opens, and its JSON shape.</summary>
/// <param name="Declaration">The partial declaration to re-open, e.g. <c>partial record TaskItem</c>.</param>
/// <param name="ContainingDeclarations">Outermost first, for a model nested in other types.</param>
internal sealed record JsonModelSpec(
    string HintName,
    string? Namespace,
    string Declaration,
    EquatableArray<string> ContainingDeclarations,
    JsonObjectSpec Object);

internal sealed record JsonModelResult(JsonModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics);
