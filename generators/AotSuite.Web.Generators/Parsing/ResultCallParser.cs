using System.Linq;
using System.Threading;
using AotSuite.Generators;
using AotSuite.Generators.Json;
using AotSuite.Web.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AotSuite.Web.Generators.Parsing;

/// <summary>
/// Turns a <c>Results.Ok/Json/Created(value)</c> call into a <see cref="ResultCallModel"/>: the value's type is only
/// known at the call (a handler returns IResult), so that is where its JSON writer is found or discovered.
/// </summary>
internal static class ResultCallParser
{
    private const string ResultsType = "AotSuite.Web.Results";
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Cheap syntax filter: a call to a member named Ok, Json or Created.</summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken _) =>
        node is InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Ok" or "Json" or "Created" },
            ArgumentList.Arguments.Count: > 0,
        };

    public static ResultCallParseResult? Parse(GeneratorSyntaxContext context, CancellationToken cancellation)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        var model = context.SemanticModel;
        if (model.GetSymbolInfo(invocation, cancellation).Symbol is not IMethodSymbol { ContainingType: { } owner, TypeArguments.Length: 1 } method
            || owner.ToDisplayString() != ResultsType)
            return null;

        var list = method.Name == "Json" && method.OriginalDefinition.Parameters[0].Type is INamedTypeSymbol { IsGenericType: true } p
            && p.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IReadOnlyList<T>";
        var kind = method.Name switch
        {
            "Ok" => ResultCallKind.Ok,
            "Created" => ResultCallKind.Created,
            _ => list ? ResultCallKind.JsonList : ResultCallKind.Json,
        };
        var valueArgument = invocation.ArgumentList.Arguments[kind == ResultCallKind.Created ? 1 : 0].Expression;
        var type = method.TypeArguments[0];
        var shown = type.ToDisplayString();

        if (type is ITypeParameterSymbol)
        {
            return Failed($"Results.{method.Name} writes its value with a JSON writer made for the value's type at compile time, but here the type is the type parameter '{shown}'; call it where the type is known");
        }
        var discovery = new JsonDiscovery(model.Compilation.Assembly);
        var codec = discovery.CodecOf(type);
        if (codec is null)
        {
            return Failed(EndpointParser.ListElement(type) is null
                ? $"Results.{method.Name} writes a JSON object, and '{shown}' is not one; pass a record or class with properties (or a list of them to Results.Json)"
                : $"Results.{method.Name} writes one JSON object, and '{shown}' is a sequence; pass an IReadOnlyList (a List or an array) to Results.Json to write an array");
        }
        if (!discovery.Complete(cancellation))
            return Failed($"Results.{method.Name} cannot write '{shown}' as JSON: {discovery.Problems[0].Describe()}");

#pragma warning disable RSEXPERIMENTAL002 // GetInterceptableLocation is the supported way to find an interceptable call.
        var interceptable = model.GetInterceptableLocation(invocation, cancellation);
#pragma warning restore RSEXPERIMENTAL002
        if (interceptable is null) return null;
        var display = interceptable.GetDisplayLocation();
        var call = new ResultCallModel(interceptable.Version, interceptable.Data, display,
            "AotSuite.Web.Results." + EndpointParser.HintSafe(display) + ".g.cs", kind, type.ToDisplayString(TypeFormat), codec);
        return new ResultCallParseResult(call, EquatableArray<DiagnosticInfo>.Empty, discovery.Codecs);

        ResultCallParseResult Failed(string message) =>
            new(null, new[] { DiagnosticInfo.Create(Diagnostics.UnsupportedType, LocationInfo.From(valueArgument), message) }.ToEquatableArray(), default);
    }
}
