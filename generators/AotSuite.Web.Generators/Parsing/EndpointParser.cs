using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AotSuite.Generators;
using AotSuite.Generators.Json;
using AotSuite.Web.Generators.Model;
using AotSuite.Web.Routing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AotSuite.Web.Generators.Parsing;

/// <summary>Turns a <c>group.MapGet(pattern, handler)</c> call into an <see cref="EndpointModel"/>; no symbol leaves this class.</summary>
internal static class EndpointParser
{
    private const string RouteGroupType = "AotSuite.Web.RouteGroup";
    private const string WebAppType = "AotSuite.Web.WebApp";
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Cheap syntax filter: a call to a member named like a Map method with two arguments.</summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken _) =>
        node is InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "MapGet" or "MapPost" or "MapPut" or "MapDelete" or "MapPatch" },
            ArgumentList.Arguments.Count: 2,
        };

    public static EndpointParseResult? Parse(GeneratorSyntaxContext context, CancellationToken cancellation)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        var model = context.SemanticModel;
        if (model.GetSymbolInfo(invocation, cancellation).Symbol is not IMethodSymbol { ContainingType: { } owner } map
            || owner.ToDisplayString() != RouteGroupType)
            return null;

        var diagnostics = new List<DiagnosticInfo>();
        var method = map.Name.Substring(3);
        var patternArgument = invocation.ArgumentList.Arguments[0].Expression;
        var handlerArgument = invocation.ArgumentList.Arguments[1].Expression;

        if (model.GetConstantValue(patternArgument, cancellation) is not { HasValue: true, Value: string pattern })
            return Failed(DiagnosticInfo.Create(Diagnostics.PatternNotConstant, LocationInfo.From(patternArgument)));

        RouteTemplate template;
        try
        {
            template = RouteTemplate.Parse(pattern);
        }
        catch (ArgumentException e)
        {
            return Failed(DiagnosticInfo.Create(Diagnostics.InvalidTemplate, LocationInfo.From(patternArgument), e.Message));
        }

        if (HandlerOf(model, handlerArgument, cancellation) is not { } handler)
        {
            return Failed(DiagnosticInfo.Create(Diagnostics.UnsupportedType, LocationInfo.From(handlerArgument),
                "the handler must be a lambda or a method group that names one method"));
        }

        var templateNames = template.ParameterNames.ToList();
        var receiverIsApp = model.GetTypeInfo(((MemberAccessExpressionSyntax)invocation.Expression).Expression, cancellation).Type?.ToDisplayString() == WebAppType;
        var parameters = new List<ParameterModel>();
        var codecs = new List<JsonCodecSpec>();
        var hasBody = method is "Post" or "Put" or "Patch";
        var bodyTaken = false;
        foreach (var parameter in handler.Parameters)
        {
            var location = LocationInfo.From(parameter.Locations.FirstOrDefault() ?? handlerArgument.GetLocation());
            var bound = BindParameter(parameter, template, templateNames, receiverIsApp, hasBody, ref bodyTaken, out var error);
            if (bound?.Source == ParameterSource.Body) bound = WithBodyCodec(bound, parameter, model.Compilation.Assembly, codecs, out error, cancellation);
            if (bound is null) diagnostics.Add(error! with { Location = location });
            else parameters.Add(bound);
        }

        foreach (var name in templateNames)
        {
            if (!handler.Parameters.Any(p => string.Equals(RouteKey(p), name, StringComparison.OrdinalIgnoreCase)))
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.TemplateParameterUnbound, LocationInfo.From(patternArgument), pattern, name));
        }

        var result = ResultOf(handler.ReturnType, model.Compilation.Assembly, codecs, out var resultError, cancellation);
        if (result is null) diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedType, LocationInfo.From(handlerArgument), resultError!));

        var claim = new RouteClaim(ReceiverKey(model, invocation, cancellation) + "|" + method + "|" + template.Shape,
            method.ToUpperInvariant(), pattern, DisplayOf(invocation), LocationInfo.From(patternArgument));
        if (diagnostics.Count > 0) return new EndpointParseResult(null, claim, diagnostics.ToEquatableArray());

#pragma warning disable RSEXPERIMENTAL002 // GetInterceptableLocation is the supported way to find an interceptable call.
        var interceptable = model.GetInterceptableLocation(invocation, cancellation);
#pragma warning restore RSEXPERIMENTAL002
        if (interceptable is null) return null;
        var display = interceptable.GetDisplayLocation();
        var chain = MiddlewareChainParser.ChainOf(model, invocation, cancellation);
        var receiver = ((MemberAccessExpressionSyntax)invocation.Expression).Expression;
        var notes = chain is null
            ? new[] { DiagnosticInfo.Create(Diagnostics.ChainAtRunTime, LocationInfo.From(receiver), method.ToUpperInvariant(), pattern, receiver.ToString()) }.ToEquatableArray()
            : EquatableArray<DiagnosticInfo>.Empty;
        var endpoint = new EndpointModel(
            interceptable.Version,
            interceptable.Data,
            display,
            "AotSuite.Web.Routes." + HintSafe(display) + ".g.cs",
            method,
            pattern,
            handler.DelegateType,
            handler.ShapeLambda,
            parameters.ToEquatableArray(),
            result!,
            chain);
        return new EndpointParseResult(endpoint, claim, notes, codecs.ToEquatableArray());

        static EndpointParseResult Failed(DiagnosticInfo diagnostic) => new(null, null, new[] { diagnostic }.ToEquatableArray());
    }

    private sealed record Handler(IReadOnlyList<IParameterSymbol> Parameters, ITypeSymbol? ReturnType, string DelegateType, string? ShapeLambda);

    /// <summary>The handler's signature and the delegate type the call site converts it to.</summary>
    private static Handler? HandlerOf(SemanticModel model, ExpressionSyntax argument, CancellationToken cancellation)
    {
        var symbol = model.GetSymbolInfo(argument, cancellation) is { Symbol: IMethodSymbol s } ? s
            : model.GetSymbolInfo(argument, cancellation).CandidateSymbols.OfType<IMethodSymbol>().FirstOrDefault();
        if (symbol is null || symbol.Parameters.Any(static p => p.RefKind != RefKind.None || p.IsParams)) return null;
        var natural = model.GetTypeInfo(argument, cancellation).Type as INamedTypeSymbol;
        var returnType = symbol.ReturnsVoid ? null : symbol.ReturnType;

        // Func<>/Action<> over the parameter types: the delegate the endpoint keeps and calls.
        var types = symbol.Parameters.Select(static p => p.Type.ToDisplayString(TypeFormat)).ToList();
        if (returnType is not null) types.Add(returnType.ToDisplayString(TypeFormat));
        var named = types.Count == 0 ? "global::System.Action"
            : (returnType is null ? "global::System.Action<" : "global::System.Func<") + string.Join(", ", types) + ">";

        if (natural is { DelegateInvokeMethod: not null, IsAnonymousType: false } && natural.ToDisplayString(TypeFormat) == named)
            return new Handler(symbol.Parameters, returnType, named, null);

        // The call site made a delegate of another type: an anonymous one (a lambda with default values) or a custom
        // delegate. Cast to that exact type by inferring it from a lambda of the same shape (anonymous delegate types
        // are shared by identical signatures), then adapt it to the Func/Action the endpoint calls.
        var shape = (returnType is null ? "" : returnType.ToDisplayString(TypeFormat) + " ") + "(" + string.Join(", ", symbol.Parameters.Select(static p =>
            p.Type.ToDisplayString(TypeFormat) + " " + Identifier(p.Name) + (p.HasExplicitDefaultValue ? " = " + Literal(p) : ""))) + ")"
            + (returnType is null ? " => { throw null!; }" : " => throw null!");
        if (natural is { IsAnonymousType: false, DelegateInvokeMethod: not null }) shape = natural.ToDisplayString(TypeFormat);
        return new Handler(symbol.Parameters, returnType, named, shape);
    }

    private static ParameterModel? BindParameter(IParameterSymbol parameter, RouteTemplate template, List<string> templateNames,
        bool receiverIsApp, bool hasBody, ref bool bodyTaken, out DiagnosticInfo? error)
    {
        error = null;
        var type = parameter.Type;
        var typeName = type.ToDisplayString(TypeFormat);
        var attribute = parameter.GetAttributes().Select(static a => a.AttributeClass?.ToDisplayString()).FirstOrDefault(static n => n is not null && n.StartsWith("AotSuite.Web.From", StringComparison.Ordinal));
        var explicitName = parameter.GetAttributes().SelectMany(static a => a.NamedArguments).Where(static n => n.Key == "Name").Select(static n => n.Value.Value as string).FirstOrDefault();

        switch (type.ToDisplayString())
        {
            case "AotSuite.Web.WebContext": return Special(ParameterSource.WebContext);
            case "AotSuite.Http.Connection.HttpContext": return Special(ParameterSource.HttpContext);
            case "AotSuite.Http.Connection.HttpRequest": return Special(ParameterSource.HttpRequest);
            case "AotSuite.Http.Connection.HttpResponse": return Special(ParameterSource.HttpResponse);
        }

        var key = explicitName ?? parameter.Name;
        var inTemplate = templateNames.FirstOrDefault(n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase));
        var (parse, valueType, nullableValue) = ValueKind(type);
        var isModel = JsonDiscovery.LooksLikeData(type);

        ParameterSource source;
        switch (attribute)
        {
            case "AotSuite.Web.FromRouteAttribute":
                if (inTemplate is null && receiverIsApp)
                {
                    error = DiagnosticInfo.Create(Diagnostics.HandlerParameterNotInTemplate, null, key, template.Text);
                    return null;
                }
                source = ParameterSource.Route;
                break;
            case "AotSuite.Web.FromQueryAttribute": source = ParameterSource.Query; break;
            case "AotSuite.Web.FromHeaderAttribute": source = ParameterSource.Header; break;
            case "AotSuite.Web.FromBodyAttribute": source = ParameterSource.Body; break;
            case "AotSuite.Web.FromServicesAttribute": source = ParameterSource.Service; break;
            default:
                source = inTemplate is not null ? ParameterSource.Route
                    : parse != ValueParse.None ? ParameterSource.Query
                    : isModel && hasBody && !bodyTaken ? ParameterSource.Body
                    : ParameterSource.Service;
                break;
        }

        if (source is ParameterSource.Route or ParameterSource.Query or ParameterSource.Header && parse == ValueParse.None)
            return Fail(out error, $"parameter '{parameter.Name}' of type '{typeName}' cannot be read from the {source.ToString().ToLowerInvariant()}; use a string, a number, a bool, a Guid, an enum, or a nullable of one");
        if (source == ParameterSource.Body)
        {
            if (bodyTaken) return Fail(out error, $"parameter '{parameter.Name}': a request has one body, and another parameter already binds it; bind one of them [FromServices]");
            bodyTaken = true;
        }
        // A data-shaped type is a JSON body unless the user says [FromServices]: only the inferred case is refused.
        if (source == ParameterSource.Service && (type.TypeKind is not (TypeKind.Class or TypeKind.Interface) || (isModel && attribute is null)))
        {
            return Fail(out error, isModel && !hasBody
                ? $"parameter '{parameter.Name}' of type '{typeName}' is a JSON object, but only POST, PUT and PATCH routes read a body; map it with one of those, or bind it [FromServices]"
                : isModel
                ? $"parameter '{parameter.Name}' of type '{typeName}' is a JSON object, but a request has one body, and another parameter already binds it; bind one of them [FromServices]"
                : $"parameter '{parameter.Name}' of type '{typeName}' cannot be bound: it is not a route, query or header value, a JSON object, or a service class");
        }

        var optional = nullableValue || type.NullableAnnotation == NullableAnnotation.Annotated || parameter.HasExplicitDefaultValue
            || template.Segments.Any(s => s.Optional && string.Equals(s.Text, key, StringComparison.OrdinalIgnoreCase));
        var defaultValue = parameter.HasExplicitDefaultValue ? Literal(parameter) : null;
        var enumMembers = parse == ValueParse.Enum
            ? (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : type)
                .GetMembers().OfType<IFieldSymbol>().Where(static f => f.IsConst).Select(static f => f.Name).ToEquatableArray()
            : default;
        return new ParameterModel(parameter.Name, typeName, valueType, source, parse, inTemplate ?? key, optional, defaultValue, EnumMembers: enumMembers);

        ParameterModel Special(ParameterSource s) => new(parameter.Name, typeName, typeName, s, ValueParse.None, parameter.Name, false, null);
    }

    private static ParameterModel? Fail(out DiagnosticInfo? error, string message)
    {
        error = DiagnosticInfo.Create(Diagnostics.UnsupportedType, null, message);
        return null;
    }

    /// <summary>How a value type parses from bytes: strings, bools, enums, and anything IUtf8SpanParsable (numbers, Guid).</summary>
    private static (ValueParse Parse, string ValueType, bool Nullable) ValueKind(ITypeSymbol type)
    {
        var nullable = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } wrapped)
        {
            type = wrapped.TypeArguments[0];
            nullable = true;
        }
        var name = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        if (type.SpecialType == SpecialType.System_String) return (ValueParse.Text, name, nullable);
        if (type.SpecialType == SpecialType.System_Boolean) return (ValueParse.Boolean, name, nullable);
        if (type.TypeKind == TypeKind.Enum) return (ValueParse.Enum, name, nullable);
        if (type.AllInterfaces.Any(static i => i.OriginalDefinition.ToDisplayString() == "System.IUtf8SpanParsable<TSelf>"))
            return (ValueParse.Utf8Parsable, name, nullable);
        return (ValueParse.None, name, nullable);
    }

    /// <summary>The body parameter with the codec that reads it; null (and an AOT1005) when its type cannot be JSON.</summary>
    private static ParameterModel? WithBodyCodec(ParameterModel bound, IParameterSymbol parameter, IAssemblySymbol assembly,
        List<JsonCodecSpec> codecs, out DiagnosticInfo? error, CancellationToken cancellation)
    {
        error = null;
        var discovery = new JsonDiscovery(assembly);
        var codec = discovery.CodecOf(parameter.Type);
        var typeName = parameter.Type.ToDisplayString();
        if (codec is null)
            return Fail(out error, $"parameter '{parameter.Name}' of type '{typeName}' is bound from the body, but is not a JSON object; use a record or class with properties");
        if (!discovery.Complete(cancellation))
            return Fail(out error, $"parameter '{parameter.Name}' of type '{typeName}' is bound from the body, but cannot be read as JSON: {discovery.Problems[0].Describe()}");
        codecs.AddRange(discovery.Codecs);
        return bound with { Codec = codec };
    }

    private static ResultModel? ResultOf(ITypeSymbol? type, IAssemblySymbol assembly, List<JsonCodecSpec> codecs, out string? error, CancellationToken cancellation)
    {
        error = null;
        if (type is null) return new ResultModel(ResultKind.None, "void", null, null, false);
        string? awaited = null;
        var full = type.OriginalDefinition.ToDisplayString();
        if (full is "System.Threading.Tasks.Task" or "System.Threading.Tasks.ValueTask")
            return new ResultModel(ResultKind.None, "void", null, type.Name, false);
        if (full is "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask<TResult>")
        {
            awaited = type.Name;
            type = ((INamedTypeSymbol)type).TypeArguments[0];
        }
        var typeName = type.ToDisplayString(TypeFormat);
        // Any reference result may be null (a lambda's inferred return type carries no reliable annotation): null is 404.
        var canBeNull = type.IsReferenceType;
        if (type.SpecialType == SpecialType.System_String) return new ResultModel(ResultKind.Text, typeName, null, awaited, canBeNull);
        if (type.ToDisplayString() == "AotSuite.Web.IResult" || type.AllInterfaces.Any(static i => i.ToDisplayString() == "AotSuite.Web.IResult"))
            return new ResultModel(ResultKind.Result, typeName, null, awaited, canBeNull);

        var discovery = new JsonDiscovery(assembly);
        var element = ListElement(type);
        var codec = JsonShapeParser.IsModel(type) || element is null ? discovery.CodecOf(type) : discovery.CodecOf(element);
        if (codec is null)
        {
            error = $"the handler returns '{type.ToDisplayString()}', which the generator cannot write; return a record or class with properties, a list of one, a string, an IResult (Results.*), or nothing";
            return null;
        }
        if (!discovery.Complete(cancellation))
        {
            error = $"the handler returns '{type.ToDisplayString()}', which cannot be written as JSON: {discovery.Problems[0].Describe()}";
            return null;
        }
        codecs.AddRange(discovery.Codecs);
        return JsonShapeParser.IsModel(type) || element is null
            ? new ResultModel(ResultKind.Json, typeName, null, awaited, canBeNull, codec)
            : new ResultModel(ResultKind.JsonList, typeName, element.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeFormat), awaited, canBeNull, codec);
    }

    /// <summary>The item type of an array or an IReadOnlyList (which List&lt;T&gt; is); null for anything else.</summary>
    internal static ITypeSymbol? ListElement(ITypeSymbol type) =>
        type is IArrayTypeSymbol array ? array.ElementType
            : type.AllInterfaces.Concat(type is INamedTypeSymbol n && n.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IReadOnlyList<T>" ? new[] { n } : Array.Empty<INamedTypeSymbol>())
                .FirstOrDefault(static i => i.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IReadOnlyList<T>")?.TypeArguments[0];

    private static string RouteKey(IParameterSymbol parameter) =>
        parameter.GetAttributes().SelectMany(static a => a.NamedArguments).Where(static n => n.Key == "Name").Select(static n => n.Value.Value as string).FirstOrDefault()
        ?? parameter.Name;

    /// <summary>Which route table the call adds to: the receiver variable (or expression) within its declaring member.</summary>
    private static string ReceiverKey(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellation)
    {
        var receiver = ((MemberAccessExpressionSyntax)invocation.Expression).Expression;
        var symbol = model.GetSymbolInfo(receiver, cancellation).Symbol;
        var declared = symbol?.DeclaringSyntaxReferences.FirstOrDefault();
        return declared is null ? receiver.ToString() : declared.SyntaxTree.FilePath + ":" + declared.Span.Start;
    }

    private static string DisplayOf(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        return $"{System.IO.Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
    }

    internal static string HintSafe(string text) =>
        new(text.Select(static c => char.IsLetterOrDigit(c) ? c : '_').ToArray());

    private static string Identifier(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private static string Literal(IParameterSymbol parameter)
    {
        var value = parameter.ExplicitDefaultValue;
        if (value is null) return "default";
        var text = value switch
        {
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            bool b => b ? "true" : "false",
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f",
            double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "d",
            decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture) + "m",
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "default",
        };
        var underlying = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : parameter.Type;
        return underlying.TypeKind == TypeKind.Enum ? $"({underlying.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)})({text})" : text;
    }
}
