using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AotSuite.Generators;
using AotSuite.Json.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AotSuite.Json.Generators.Parsing;

/// <summary>Turns a [JsonModel] type symbol into a <see cref="JsonModelSpec"/> and its diagnostics; no symbol leaves this class.</summary>
internal static class JsonModelParser
{
    public const string AttributeName = "AotSuite.Json.JsonModelAttribute";
    private const string PropertyNameAttribute = "System.Text.Json.Serialization.JsonPropertyNameAttribute";
    private const string IgnoreAttribute = "System.Text.Json.Serialization.JsonIgnoreAttribute";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static JsonModelResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var diagnostics = new List<DiagnosticInfo>();

        if (!IsPartial(syntax) || syntax.Ancestors().OfType<TypeDeclarationSyntax>().Any(static t => !IsPartial(t)))
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NotPartial, LocationInfo.From(syntax.Identifier.GetLocation()), type.Name));
            return new JsonModelResult(null, diagnostics.ToEquatableArray());
        }

        var members = ReadableProperties(type).ToList();
        var constructor = ChooseConstructor(type, members);
        if (constructor is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NoConstructor, LocationInfo.From(syntax.Identifier.GetLocation()), type.Name));
            return new JsonModelResult(null, diagnostics.ToEquatableArray());
        }

        var properties = new List<JsonPropertySpec>();
        var byJsonName = new Dictionary<string, IPropertySymbol>();
        foreach (var property in members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var typeRef = ParseType(property.Type, property.NullableAnnotation);
            if (typeRef is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedType, TypeLocation(property),
                    property.Name, property.Type.ToDisplayString()));
                continue;
            }

            var nameAttribute = property.GetAttributes().FirstOrDefault(static a => a.AttributeClass?.ToDisplayString() == PropertyNameAttribute);
            var jsonName = nameAttribute?.ConstructorArguments.FirstOrDefault().Value as string ?? CamelCase(property.Name);
            if (byJsonName.TryGetValue(jsonName, out var first))
            {
                var place = nameAttribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) ?? DeclaringSyntax(property);
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DuplicateName, place is null ? null : LocationInfo.From(place),
                    first.Name, property.Name, jsonName));
                continue;
            }
            byJsonName.Add(jsonName, property);

            properties.Add(PropertySpec(property, jsonName, typeRef, type, constructor, cancellationToken));
        }

        if (diagnostics.Count > 0) return new JsonModelResult(null, diagnostics.ToEquatableArray());

        var ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
        var containing = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, Declaration(outer));
        }

        var fullName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var hintName = fullName.Replace("global::", "") + ".Json.g.cs";
        var attribute = context.Attributes[0];
        var omitNulls = attribute.NamedArguments.Any(static a => a.Key == "OmitNulls" && a.Value.Value is true);
        var model = new JsonModelSpec(hintName, ns, fullName, Declaration(type), containing.ToEquatableArray(), omitNulls,
            constructor.Parameters.Select(p => properties.First(q => NameMatches(q.Name, p.Name)).Name).ToEquatableArray(),
            properties.ToEquatableArray());
        return new JsonModelResult(model, EquatableArray<DiagnosticInfo>.Empty);
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

    /// <summary>Public instance properties with a getter, this type's and its bases', minus [JsonIgnore].</summary>
    private static IEnumerable<IPropertySymbol> ReadableProperties(INamedTypeSymbol type)
    {
        var seen = new HashSet<string>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod: not null } property &&
                    !property.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == IgnoreAttribute) &&
                    seen.Add(property.Name))
                {
                    yield return property;
                }
            }
        }
    }

    /// <summary>
    /// The constructor with the most parameters that all name properties (a record's primary constructor), else the
    /// parameterless one. A record's copy constructor never qualifies.
    /// </summary>
    private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, IReadOnlyList<IPropertySymbol> properties)
    {
        var names = new HashSet<string>(properties.Select(static p => p.Name), System.StringComparer.OrdinalIgnoreCase);
        return type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility != Accessibility.Private || c.Parameters.Length == 0)
            .Where(c => !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, type)))
            .Where(c => c.Parameters.All(p => names.Contains(p.Name)))
            .OrderByDescending(static c => c.Parameters.Length)
            .FirstOrDefault();
    }

    private static JsonPropertySpec PropertySpec(IPropertySymbol property, string jsonName, JsonTypeRef typeRef,
        INamedTypeSymbol type, IMethodSymbol constructor, CancellationToken cancellationToken)
    {
        var parameter = constructor.Parameters.FirstOrDefault(p => NameMatches(property.Name, p.Name));
        if (parameter is not null)
        {
            return parameter.HasExplicitDefaultValue
                ? new JsonPropertySpec(property.Name, jsonName, typeRef, false, JsonSetMode.Constructor, Literal(parameter.ExplicitDefaultValue, typeRef))
                : new JsonPropertySpec(property.Name, jsonName, typeRef, true, JsonSetMode.Constructor, null);
        }

        if (property.IsRequired) return new JsonPropertySpec(property.Name, jsonName, typeRef, true, JsonSetMode.Initializer, null);

        if (property.SetMethod is not { } setter ||
            (!SymbolEqualityComparer.Default.Equals(property.ContainingType, type) && setter.DeclaredAccessibility != Accessibility.Public))
        {
            return new JsonPropertySpec(property.Name, jsonName, typeRef, false, JsonSetMode.None, null);
        }

        if (!setter.IsInitOnly) return new JsonPropertySpec(property.Name, jsonName, typeRef, false, JsonSetMode.Assign, null);

        // An init-only property must be set in the object initializer even when absent; its own initializer keeps its default.
        var initializer = property.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken))
            .OfType<PropertyDeclarationSyntax>().FirstOrDefault()?.Initializer?.Value.ToString();
        return new JsonPropertySpec(property.Name, jsonName, typeRef, false, JsonSetMode.Initializer, initializer ?? "default!");
    }

    private static bool NameMatches(string property, string parameter) =>
        string.Equals(property, parameter, System.StringComparison.OrdinalIgnoreCase);

    private static string Literal(object? value, JsonTypeRef type) => value switch
    {
        null => "default!",
        string text => SymbolDisplay.FormatLiteral(text, quote: true),
        bool flag => flag ? "true" : "false",
        _ => $"({type.FullName})({System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)})",
    };

    private static JsonTypeRef? ParseType(ITypeSymbol type, NullableAnnotation annotation)
    {
        var fullName = type.WithNullableAnnotation(annotation).ToDisplayString(TypeFormat);
        var canBeNull = !type.IsValueType && annotation != NullableAnnotation.NotAnnotated;

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            var inner = ParseType(nullable.TypeArguments[0], NullableAnnotation.NotAnnotated);
            return inner is null ? null : new JsonTypeRef(JsonTypeKind.NullableValue, fullName, true, inner, default);
        }

        var simple = type.SpecialType switch
        {
            SpecialType.System_String => JsonTypeKind.String,
            SpecialType.System_Boolean => JsonTypeKind.Boolean,
            SpecialType.System_Int32 => JsonTypeKind.Int32,
            SpecialType.System_Int64 => JsonTypeKind.Int64,
            SpecialType.System_Double => JsonTypeKind.Double,
            SpecialType.System_Single => JsonTypeKind.Single,
            SpecialType.System_Decimal => JsonTypeKind.Decimal,
            SpecialType.System_DateTime => JsonTypeKind.DateTime,
            _ => (JsonTypeKind?)null,
        };
        simple ??= type.ToDisplayString() switch
        {
            "System.Guid" => JsonTypeKind.Guid,
            "System.DateTimeOffset" => JsonTypeKind.DateTimeOffset,
            "System.DateOnly" => JsonTypeKind.DateOnly,
            "System.TimeSpan" => JsonTypeKind.TimeSpan,
            _ => null,
        };
        if (simple is { } kind) return new JsonTypeRef(kind, fullName, canBeNull, null, default);

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            // Aliases (two names, one value) would make duplicate switch cases; the first name wins, as in ToString().
            var values = new HashSet<object?>();
            var members = enumType.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst && values.Add(f.ConstantValue))
                .Select(static f => new JsonEnumMember(f.Name, CamelCase(f.Name)));
            return new JsonTypeRef(JsonTypeKind.Enum, fullName, false, null, members.ToEquatableArray());
        }

        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            var item = ParseType(array.ElementType, array.ElementNullableAnnotation);
            return item is null ? null : new JsonTypeRef(JsonTypeKind.Array, fullName, canBeNull, item, default);
        }

        if (type is INamedTypeSymbol { IsGenericType: true } generic)
        {
            var definition = generic.OriginalDefinition.ToDisplayString();
            var arguments = generic.TypeArguments;
            switch (definition)
            {
                case "System.Collections.Generic.List<T>":
                case "System.Collections.Generic.IList<T>":
                case "System.Collections.Generic.IReadOnlyList<T>":
                case "System.Collections.Generic.ICollection<T>":
                case "System.Collections.Generic.IReadOnlyCollection<T>":
                case "System.Collections.Generic.IEnumerable<T>":
                {
                    var item = ParseType(arguments[0], generic.TypeArgumentNullableAnnotations[0]);
                    var listKind = definition is "System.Collections.Generic.IList<T>" or "System.Collections.Generic.IReadOnlyList<T>"
                        ? JsonTypeKind.IndexedList
                        : JsonTypeKind.List;
                    return item is null ? null : new JsonTypeRef(listKind, fullName, canBeNull, item, default);
                }
                case "System.Collections.Generic.Dictionary<TKey, TValue>":
                case "System.Collections.Generic.IDictionary<TKey, TValue>":
                case "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>":
                {
                    if (arguments[0].SpecialType != SpecialType.System_String) return null;
                    var value = ParseType(arguments[1], generic.TypeArgumentNullableAnnotations[1]);
                    return value is null ? null : new JsonTypeRef(JsonTypeKind.Dictionary, fullName, canBeNull, value, default);
                }
            }
        }

        if (type is INamedTypeSymbol named && named.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == AttributeName))
        {
            return new JsonTypeRef(JsonTypeKind.Model, fullName, canBeNull, null, default);
        }

        return null;
    }

    private static LocationInfo? TypeLocation(IPropertySymbol property)
    {
        var syntax = property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
        return syntax switch
        {
            PropertyDeclarationSyntax p => LocationInfo.From(p.Type),
            ParameterSyntax { Type: { } t } => LocationInfo.From(t),
            _ => LocationInfo.From(syntax),
        };
    }

    private static SyntaxNode? DeclaringSyntax(IPropertySymbol property) =>
        property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();

    internal static string CamelCase(string name) =>
        name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);
}
