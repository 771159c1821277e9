using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AotSuite.Generators;
using AotSuite.Generators.Json;
using AotSuite.Json.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AotSuite.Json.Generators.Parsing;

/// <summary>Turns a [JsonModel] type symbol into a <see cref="JsonModelSpec"/> and its diagnostics; no symbol leaves this class.</summary>
internal static class JsonModelParser
{
    public const string AttributeName = JsonShapeParser.ModelAttribute;

    public static JsonModelResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var identifier = LocationInfo.From(syntax.Identifier.GetLocation());

        if (!IsPartial(syntax) || syntax.Ancestors().OfType<TypeDeclarationSyntax>().Any(static t => !IsPartial(t)))
        {
            return Failed(DiagnosticInfo.Create(Diagnostics.NotPartial, identifier, type.Name));
        }

        var attribute = context.Attributes[0];
        var omitNulls = attribute.NamedArguments.Any(static a => a.Key == "OmitNulls" && a.Value.Value is true);
        var problems = new List<JsonShapeProblem>();
        var spec = new JsonShapeParser().ParseObject(type, omitNulls, problems, cancellationToken);
        if (spec is null)
        {
            return new JsonModelResult(null, problems.Select(p => p.Kind switch
            {
                JsonShapeProblemKind.NoConstructor => DiagnosticInfo.Create(Diagnostics.NoConstructor, identifier, type.Name),
                JsonShapeProblemKind.DuplicateName => DiagnosticInfo.Create(Diagnostics.DuplicateName, p.Location, p.Other!, p.Member!, p.JsonName!),
                _ => DiagnosticInfo.Create(Diagnostics.UnsupportedType, p.Location, p.Member!, p.Other!),
            }).ToEquatableArray());
        }

        var ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
        var containing = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, Declaration(outer));
        }

        var hintName = spec.FullName.Replace("global::", "") + ".Json.g.cs";
        var model = new JsonModelSpec(hintName, ns, Declaration(type), containing.ToEquatableArray(), spec);
        return new JsonModelResult(model, EquatableArray<DiagnosticInfo>.Empty);

        static JsonModelResult Failed(DiagnosticInfo diagnostic) => new(null, new[] { diagnostic }.ToEquatableArray());
    }

    private static bool IsPartial(TypeDeclarationSyntax syntax) => syntax.Modifiers.Any(SyntaxKind.PartialKeyword);

    private static string Declaration(INamedTypeSymbol type)
    {
        var keyword = type switch
        {
            { IsRecord: true, IsValueType: true } => "record struct",
            { IsRecord: true } => "record",
            { IsValueType: true } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };
        return $"partial {keyword} {type.Name}";
    }
}
