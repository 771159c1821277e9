using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AotSuite.Generators.Json;

/// <summary>
/// Turns a type symbol into a <see cref="JsonObjectSpec"/> (or the problems that prevent it); no symbol leaves this class.
/// The JSON generator uses it for [JsonModel] types, whose reader and writer live inside the type; the web generator
/// uses it for types it discovers, whose reader and writer live in a generated codec outside the type.
/// </summary>
internal sealed class JsonShapeParser
{
    public const string ModelAttribute = "AotSuite.Json.JsonModelAttribute";
    private const string PropertyNameAttribute = "System.Text.Json.Serialization.JsonPropertyNameAttribute";
    private const string IgnoreAttribute = "System.Text.Json.Serialization.JsonIgnoreAttribute";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly Func<INamedTypeSymbol, string?>? discover;
    private readonly IAssemblySymbol? outsideIn;

    /// <param name="discover">For a model type without [JsonModel]: the codec that will handle it, or null when it
    /// cannot be one. Null: every model type must be [JsonModel].</param>
    /// <param name="outsideIn">Set when the reader is generated outside the type, in this assembly: constructors and
    /// setters must then be visible from there.</param>
    public JsonShapeParser(Func<INamedTypeSymbol, string?>? discover = null, IAssemblySymbol? outsideIn = null)
    {
        this.discover = discover;
        this.outsideIn = outsideIn;
    }

    public static bool IsModel(ITypeSymbol type) =>
        type.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == ModelAttribute);

    /// <summary>The object spec of <paramref name="type"/>; null with <paramref name="problems"/> filled when it has none.</summary>
    public JsonObjectSpec? ParseObject(INamedTypeSymbol type, bool omitNulls, List<JsonShapeProblem> problems, CancellationToken cancellationToken)
    {
        var before = problems.Count;
        var members = ReadableProperties(type).ToList();
        var constructor = ChooseConstructor(type, members);
        if (constructor is null)
        {
            problems.Add(new JsonShapeProblem(JsonShapeProblemKind.NoConstructor, type.ToDisplayString()));
            return null;
        }

        var properties = new List<JsonPropertySpec>();
        var byJsonName = new Dictionary<string, IPropertySymbol>();
        foreach (var property in members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var typeRef = ParseType(property.Type, property.NullableAnnotation);
            if (typeRef is null)
            {
                problems.Add(new JsonShapeProblem(JsonShapeProblemKind.UnsupportedMember, type.ToDisplayString(), property.Name,
                    property.Type.ToDisplayString(), Location: TypeLocation(property)));
                continue;
            }

            var nameAttribute = property.GetAttributes().FirstOrDefault(static a => a.AttributeClass?.ToDisplayString() == PropertyNameAttribute);
            var jsonName = nameAttribute?.ConstructorArguments.FirstOrDefault().Value as string ?? CamelCase(property.Name);
            if (byJsonName.TryGetValue(jsonName, out var first))
            {
                var place = nameAttribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) ?? DeclaringSyntax(property);
                problems.Add(new JsonShapeProblem(JsonShapeProblemKind.DuplicateName, type.ToDisplayString(), property.Name, first.Name,
                    jsonName, place is null ? null : LocationInfo.From(place)));
                continue;
            }
            byJsonName.Add(jsonName, property);

            properties.Add(PropertySpec(property, jsonName, typeRef, type, constructor, cancellationToken));
        }

        if (problems.Count > before) return null;
        return new JsonObjectSpec(
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            omitNulls,
            constructor.Parameters.Select(p => properties.First(q => NameMatches(q.Name, p.Name)).Name).ToEquatableArray(),
            properties.ToEquatableArray());
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
    private IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, IReadOnlyList<IPropertySymbol> properties)
    {
        if (type.IsAbstract) return null;
        var names = new HashSet<string>(properties.Select(static p => p.Name), StringComparer.OrdinalIgnoreCase);
        return type.InstanceConstructors
            .Where(c => outsideIn is null ? c.DeclaredAccessibility != Accessibility.Private || c.Parameters.Length == 0 : Visible(c))
            .Where(c => !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, type)))
            .Where(c => c.Parameters.All(p => names.Contains(p.Name)))
            .OrderByDescending(static c => c.Parameters.Length)
            .FirstOrDefault();
    }

    /// <summary>Whether code generated in <see cref="outsideIn"/> can call <paramref name="symbol"/> (and see its type).</summary>
    public bool Visible(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current is INamedTypeSymbol { IsFileLocal: true }) return false;
            var visible = current.DeclaredAccessibility switch
            {
                Accessibility.Public => true,
                Accessibility.Internal or Accessibility.ProtectedOrInternal =>
                    outsideIn is null || SymbolEqualityComparer.Default.Equals(current.ContainingAssembly, outsideIn),
                Accessibility.NotApplicable => true,
                _ => false,
            };
            if (!visible) return false;
        }
        return true;
    }

    private JsonPropertySpec PropertySpec(IPropertySymbol property, string jsonName, JsonTypeRef typeRef,
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
            (!SymbolEqualityComparer.Default.Equals(property.ContainingType, type) && setter.DeclaredAccessibility != Accessibility.Public) ||
            (outsideIn is not null && !Visible(setter)))
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
        string.Equals(property, parameter, StringComparison.OrdinalIgnoreCase);

    private static string Literal(object? value, JsonTypeRef type) => value switch
    {
        null => "default!",
        string text => SymbolDisplay.FormatLiteral(text, quote: true),
        bool flag => flag ? "true" : "false",
        _ => $"({type.FullName})({Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)})",
    };

    /// <summary>The type as the emitter needs it; null when JSON cannot hold it.</summary>
    public JsonTypeRef? ParseType(ITypeSymbol type, NullableAnnotation annotation)
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

        if (type is INamedTypeSymbol named)
        {
            if (IsModel(named)) return new JsonTypeRef(JsonTypeKind.Model, fullName, canBeNull, null, default);
            if (discover?.Invoke(named) is { } codec) return new JsonTypeRef(JsonTypeKind.Model, fullName, canBeNull, null, default, codec);
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

    public static string CamelCase(string name) =>
        name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);
}
