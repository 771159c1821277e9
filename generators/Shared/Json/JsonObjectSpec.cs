namespace AotSuite.Generators.Json;

/// <summary>
/// One JSON object type as the reader and writer need it: holds no symbols, so it caches across edits. Shared by the
/// JSON generator ([JsonModel] types) and the web generator (types it discovers from handler signatures).
/// </summary>
/// <param name="FullName">The type, fully qualified with <c>global::</c>.</param>
/// <param name="ConstructorArguments">Property names in the order of the chosen constructor's parameters.</param>
internal sealed record JsonObjectSpec(
    string FullName,
    bool OmitNulls,
    EquatableArray<string> ConstructorArguments,
    EquatableArray<JsonPropertySpec> Properties);
