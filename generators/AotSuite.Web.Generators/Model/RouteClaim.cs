using AotSuite.Generators;

namespace AotSuite.Web.Generators.Model;

/// <summary>What a call site claims (receiver, method, route shape), for finding two handlers on one route (AOT1001).</summary>
internal sealed record RouteClaim(string Key, string Method, string Pattern, string DisplayLocation, LocationInfo? Location);

/// <summary>
/// The parser's output for one call site: the model to emit (null when it has errors), its claim, its diagnostics, and
/// the JSON codecs its body and result need.
/// </summary>
internal sealed record EndpointParseResult(EndpointModel? Model, RouteClaim? Claim, EquatableArray<DiagnosticInfo> Diagnostics,
    EquatableArray<JsonCodecSpec> Codecs = default);
