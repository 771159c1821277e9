using AotSuite.Generators;

namespace AotSuite.Web.Generators.Model;

/// <summary>One <c>MapGet</c>-style call site and its handler, as plain values (no symbols, no syntax).</summary>
/// <param name="Chain">The steps of the route's middleware chain, outermost first; null when not known at compile time.</param>
internal sealed record EndpointModel(
    int LocationVersion,
    string LocationData,
    string DisplayLocation,
    string HintName,
    string Method,
    string Pattern,
    string DelegateType,
    string? ShapeLambda,
    EquatableArray<ParameterModel> Parameters,
    ResultModel Result,
    EquatableArray<ChainStep>? Chain = null);

/// <summary>Where a handler parameter's value comes from.</summary>
internal enum ParameterSource
{
    Route,
    Query,
    Header,
    Body,
    Service,
    WebContext,
    HttpContext,
    HttpRequest,
    HttpResponse,
}

/// <summary>How a route, query or header value is turned from bytes into the parameter's type.</summary>
internal enum ValueParse
{
    None,
    Text,
    Utf8Parsable,
    Boolean,
    Enum,
}

/// <param name="Type">The parameter's type, fully qualified (nullable annotation included).</param>
/// <param name="ValueType">For values: the underlying type parsed (int for int?).</param>
/// <param name="Key">The route, query or header name it binds from.</param>
/// <param name="Optional">Absent is allowed: nullable, a default value, or an optional route segment.</param>
/// <param name="DefaultValue">A C# expression for the default, or null for default/null.</param>
/// <param name="Codec">For the body: the IJsonCodec type that reads it.</param>
/// <param name="EnumMembers">For an enum value: its member names, matched as bytes.</param>
internal sealed record ParameterModel(
    string Name,
    string Type,
    string ValueType,
    ParameterSource Source,
    ValueParse Parse,
    string Key,
    bool Optional,
    string? DefaultValue,
    string? Codec = null,
    EquatableArray<string> EnumMembers = default);

internal enum ResultKind
{
    None,
    Json,
    JsonList,
    Text,
    Result,
}

/// <param name="Type">The result type after unwrapping Task/ValueTask, fully qualified.</param>
/// <param name="ElementType">For JSON lists: the element model type.</param>
/// <param name="Awaited">"Task", "ValueTask" or null.</param>
/// <param name="CanBeNull">A null result answers 404.</param>
/// <param name="Codec">For JSON: the IJsonCodec type that writes the result (the element, for a list).</param>
internal sealed record ResultModel(ResultKind Kind, string Type, string? ElementType, string? Awaited, bool CanBeNull, string? Codec = null);
