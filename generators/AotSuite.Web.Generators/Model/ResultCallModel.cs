using AotSuite.Generators;

namespace AotSuite.Web.Generators.Model;

/// <summary>Which <c>Results</c> method a call site uses.</summary>
internal enum ResultCallKind
{
    Ok,
    Json,
    JsonList,
    Created,
}

/// <summary>
/// One <c>Results.Ok/Json/Created(value)</c> call site: the interceptor writes the value with <paramref name="Codec"/>.
/// </summary>
/// <param name="ValueType">The call's type argument as inferred there (the item type for a list).</param>
/// <param name="Codec">The IJsonCodec type of the value (of the item, for a list).</param>
internal sealed record ResultCallModel(
    int LocationVersion,
    string LocationData,
    string DisplayLocation,
    string HintName,
    ResultCallKind Kind,
    string ValueType,
    string Codec);

internal sealed record ResultCallParseResult(ResultCallModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<JsonCodecSpec> Codecs);
