using Microsoft.CodeAnalysis;

namespace AotSuite.Json.Generators;

internal static class Diagnostics
{
    private const string Category = "AotSuite.Json";

    public static readonly DiagnosticDescriptor NotPartial = new(
        "AOT3001",
        "JSON model type must be partial",
        "type '{0}' has [JsonModel] but is not partial; add the 'partial' modifier to it and to every type that contains it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedType = new(
        "AOT3002",
        "JSON model property has an unsupported type",
        "property '{0}' has type '{1}', which the JSON generator cannot read or write; mark that type [JsonModel], use a supported type, or add [JsonIgnore]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NoConstructor = new(
        "AOT3003",
        "JSON model has no usable constructor",
        "type '{0}' has no constructor the JSON reader can call; add a parameterless constructor or one whose parameters are named after its properties",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateName = new(
        "AOT3004",
        "Two JSON model properties share a JSON name",
        "properties '{0}' and '{1}' both map to the JSON name '{2}'; give one of them another [JsonPropertyName]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
