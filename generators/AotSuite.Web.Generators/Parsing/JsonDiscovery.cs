using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using AotSuite.Generators;
using AotSuite.Generators.Json;
using AotSuite.Web.Generators.Model;
using Microsoft.CodeAnalysis;

namespace AotSuite.Web.Generators.Parsing;

/// <summary>
/// Finds the JSON reader/writer of a handler's body or result type: the type's own when it is [JsonModel], otherwise a
/// codec this generator writes, for it and for every type without [JsonModel] inside it (so the user writes neither an
/// attribute nor a JsonSerializerContext). One per call site; no symbol leaves it.
/// </summary>
internal sealed class JsonDiscovery
{
    public const string GeneratedNamespace = "global::AotSuite.Web.Generated.";
    private readonly JsonShapeParser shapes;
    private readonly HashSet<string> seen = [];
    private readonly Queue<(INamedTypeSymbol Type, string Name)> pending = new();
    private readonly List<JsonCodecSpec> codecs = [];

    public JsonDiscovery(IAssemblySymbol assembly) => shapes = new JsonShapeParser(Discover, assembly);

    public List<JsonShapeProblem> Problems { get; } = [];

    public EquatableArray<JsonCodecSpec> Codecs => codecs.ToEquatableArray();

    /// <summary>
    /// Whether <paramref name="type"/> reads as a JSON object rather than a service: [JsonModel], a record, or a class
    /// or struct of the application whose public surface is properties only (a DTO). Decides, without parsing it, what
    /// a handler parameter binds from.
    /// </summary>
    public static bool LooksLikeData(ITypeSymbol type)
    {
        if (JsonShapeParser.IsModel(type)) return true;
        if (type is not INamedTypeSymbol named || !Discoverable(named)) return false;
        if (named.IsRecord) return true;
        var members = named.GetMembers();
        return members.Any(static m => m is IPropertySymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public })
            && !members.Any(static m => m is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, IsImplicitlyDeclared: false, IsOverride: false, DeclaredAccessibility: Accessibility.Public });
    }

    /// <summary>The codec type of an object type (fully qualified), or null when <paramref name="type"/> is not one.</summary>
    public string? CodecOf(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named) return null;
        if (JsonShapeParser.IsModel(named))
            return $"global::AotSuite.Json.JsonModelCodec<{named.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)}>";
        return Discover(named);
    }

    /// <summary>Parses every type met so far (and those they contain); false when one of them cannot be JSON.</summary>
    public bool Complete(CancellationToken cancellation)
    {
        while (pending.Count > 0)
        {
            var (type, name) = pending.Dequeue();
            if (!shapes.Visible(type))
            {
                Problems.Add(new JsonShapeProblem(JsonShapeProblemKind.NotAccessible, type.ToDisplayString()));
                continue;
            }
            var spec = shapes.ParseObject(type, omitNulls: false, Problems, cancellation);
            if (spec is not null) codecs.Add(new JsonCodecSpec(name, spec));
        }
        return Problems.Count == 0;
    }

    private string? Discover(INamedTypeSymbol type)
    {
        if (!Discoverable(type)) return null;
        var name = CodecName(type);
        if (seen.Add(name)) pending.Enqueue((type, name));
        return GeneratedNamespace + name;
    }

    /// <summary>
    /// An application's own class, struct or record. Framework types (System.*, Microsoft.*) are not: their shape is not
    /// the JSON their users expect (a Uri, a Stream), so a member of such a type is reported rather than guessed at.
    /// </summary>
    private static bool Discoverable(INamedTypeSymbol type)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsStatic || type.IsAbstract || type.IsAnonymousType
            || type.IsTupleType || type.SpecialType != SpecialType.None || type.IsUnboundGenericType
            || type.TypeArguments.Any(static a => a is ITypeParameterSymbol))
            return false;
        var root = type.ContainingNamespace;
        while (root is { ContainingNamespace.IsGlobalNamespace: false }) root = root.ContainingNamespace;
        return root is null || root.IsGlobalNamespace || root.Name is not ("System" or "Microsoft");
    }

    /// <summary>A readable, stable name: every call site that meets the type derives the same one.</summary>
    private static string CodecName(INamedTypeSymbol type)
    {
        var full = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "");
        var name = new StringBuilder("JsonOf_");
        foreach (var c in full) name.Append(char.IsLetterOrDigit(c) ? c : '_');
        return name.ToString();
    }
}
