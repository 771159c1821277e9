using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AotSuite.Generators;
using AotSuite.Logging.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AotSuite.Logging.Generators.Parsing;

/// <summary>Turns a [Log] method symbol into a <see cref="LogMethodSpec"/> and its diagnostics; no symbol leaves this class.</summary>
internal static class LogMethodParser
{
    public const string AttributeName = "AotSuite.Logging.LogAttribute";
    private const string LoggerType = "AotSuite.Logging.Logger";
    private const string LogObjectType = "AotSuite.Logging.ILogObject";
    private const string JsonModelAttribute = "AotSuite.Json.JsonModelAttribute";
    private const string JsonModelInterface = "AotSuite.Json.IJsonModel<TSelf>";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly string[] LevelNames = ["Trace", "Debug", "Information", "Warning", "Error", "Critical", "None"];

    public static LogMethodResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        var syntax = (MethodDeclarationSyntax)context.TargetNode;
        var attribute = context.Attributes[0];
        var diagnostics = new List<DiagnosticInfo>();
        var methodLocation = LocationInfo.From(syntax.Identifier.GetLocation());
        var type = method.ContainingType;

        var (level, template, eventId) = ReadAttribute(attribute);
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var messageLocation = LocationInfo.From(attributeSyntax?.ArgumentList?.Arguments.Count > 1
            ? attributeSyntax.ArgumentList.Arguments[1]
            : (SyntaxNode?)attributeSyntax);
        EventIdUse? eventUse = null;
        if (eventId != 0)
        {
            var eventArgument = attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault(static a => a.NameEquals?.Name.Identifier.Text == "EventId");
            eventUse = new EventIdUse(type.ToDisplayString(), eventId, method.Name, LocationInfo.From(eventArgument ?? (SyntaxNode?)attributeSyntax));
        }

        var isPartialDefinition = syntax.Modifiers.Any(SyntaxKind.PartialKeyword) && syntax.Body is null && syntax.ExpressionBody is null;
        if (!isPartialDefinition || !method.ReturnsVoid || method.IsGenericMethod ||
            syntax.Ancestors().OfType<TypeDeclarationSyntax>().Any(static t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)))
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NotPartialVoid, methodLocation, method.Name));
            return new LogMethodResult(null, diagnostics.ToEquatableArray(), eventUse);
        }

        var (logger, loggerParameter) = FindLogger(method, type);
        if (logger is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NoLogger, methodLocation, method.Name, type.Name));
            return new LogMethodResult(null, diagnostics.ToEquatableArray(), eventUse);
        }

        var compilation = context.SemanticModel.Compilation;
        var known = new KnownTypes(compilation);
        var values = new Dictionary<string, LogValue>(System.StringComparer.OrdinalIgnoreCase);
        var fields = new List<LogField>();
        var typeOf = new Dictionary<string, string>(System.StringComparer.OrdinalIgnoreCase);
        var exceptionKeyUsed = false;
        foreach (var parameter in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (SymbolEqualityComparer.Default.Equals(parameter, loggerParameter)) continue;
            var value = Classify(parameter, known);
            if (value is null)
            {
                var parameterSyntax = parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as ParameterSyntax;
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedType, LocationInfo.From(parameterSyntax?.Type ?? (SyntaxNode?)parameterSyntax),
                    parameter.Name, parameter.Type.ToDisplayString()));
                continue;
            }
            values[parameter.Name] = value;
            typeOf[parameter.Name] = parameter.Type.ToDisplayString();
            // pino's convention: the error goes under "err".
            var key = value.Kind == LogValueKind.Exception && !exceptionKeyUsed ? "err" : parameter.Name;
            if (value.Kind == LogValueKind.Exception) exceptionKeyUsed = true;
            fields.Add(new LogField(MessageTemplate.EscapeJson(key), value));
        }

        var (segments, error, offset) = MessageTemplate.Parse(template);
        if (error is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.MalformedMessage, messageLocation, method.Name, error, offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return new LogMethodResult(null, diagnostics.ToEquatableArray(), eventUse);
        }

        var parts = new List<MessagePart>();
        var used = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var segment in segments)
        {
            if (segment.Text is not null)
            {
                parts.Add(new MessagePart(MessageTemplate.EscapeJson(segment.Text), null, null));
                continue;
            }
            var name = segment.Name!;
            if (!values.TryGetValue(name, out var value))
            {
                if (!method.Parameters.Any(p => string.Equals(p.Name, name, System.StringComparison.OrdinalIgnoreCase)))
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.PlaceholderWithoutParameter, messageLocation, method.Name, name));
                }
                continue;
            }
            used.Add(name);
            if (value.Kind is LogValueKind.Object or LogValueKind.Json)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NotFormattableInMessage, messageLocation, name, value.Expression.TrimStart('@'), typeOf[name]));
                continue;
            }
            parts.Add(new MessagePart(null, value, segment.Format));
        }

        foreach (var parameter in method.Parameters)
        {
            if (SymbolEqualityComparer.Default.Equals(parameter, loggerParameter) || used.Contains(parameter.Name)) continue;
            if (values.TryGetValue(parameter.Name, out var value) && value.Kind != LogValueKind.Exception)
            {
                var parameterSyntax = parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as ParameterSyntax;
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ParameterWithoutPlaceholder,
                    LocationInfo.From(parameterSyntax?.Identifier.GetLocation() ?? syntax.Identifier.GetLocation()), parameter.Name, method.Name));
            }
        }

        if (diagnostics.Any(static d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
        {
            return new LogMethodResult(null, diagnostics.ToEquatableArray(), eventUse);
        }

        var ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
        var containing = new List<string>();
        for (var outer = type; outer is not null; outer = outer.ContainingType) containing.Insert(0, Declaration(outer));
        var levelName = level is >= 0 and < 7 ? LevelNames[level] : "Information";
        var model = new LogMethodSpec(HintName(method), ns, containing.ToEquatableArray(), Signature(method, syntax), logger, levelName, eventId,
            parts.ToEquatableArray(), fields.ToEquatableArray());
        return new LogMethodResult(model, diagnostics.ToEquatableArray(), eventUse);
    }

    private static (int Level, string Template, int EventId) ReadAttribute(AttributeData attribute)
    {
        var level = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is int l ? l : 2;
        var template = attribute.ConstructorArguments.Length > 1 ? attribute.ConstructorArguments[1].Value as string ?? "" : "";
        var eventId = attribute.NamedArguments.FirstOrDefault(static a => a.Key == "EventId").Value.Value is int e ? e : 0;
        return (level, template, eventId);
    }

    /// <summary>A static method's Logger first parameter, else a Logger field or property of the type (or a base type).</summary>
    private static (string? Expression, IParameterSymbol? Parameter) FindLogger(IMethodSymbol method, INamedTypeSymbol type)
    {
        if (method.Parameters.Length > 0 && IsLogger(method.Parameters[0].Type))
        {
            return (Identifier(method.Parameters[0].Name), method.Parameters[0]);
        }
        if (method.IsStatic) return (null, null);
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                var memberType = member switch
                {
                    IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false } f => f.Type,
                    IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: not null } p => p.Type,
                    _ => null,
                };
                if (memberType is null || !IsLogger(memberType)) continue;
                if (!SymbolEqualityComparer.Default.Equals(current, type) && member.DeclaredAccessibility == Accessibility.Private) continue;
                return ("this." + Identifier(member.Name), null);
            }
        }
        return (null, null);
    }

    private static bool IsLogger(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat).TrimEnd('?') == LoggerType;

    private static LogValue? Classify(IParameterSymbol parameter, KnownTypes known)
    {
        if (parameter.RefKind is RefKind.Ref or RefKind.Out) return null;
        var type = parameter.Type;
        var expression = Identifier(parameter.Name);
        var nullableValue = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
            nullableValue = true;
        }
        var canBeNull = !type.IsValueType;
        var kind = Kind(type, known);
        return kind is null ? null : new LogValue(expression, kind.Value, nullableValue, canBeNull);
    }

    private static LogValueKind? Kind(ITypeSymbol type, KnownTypes known)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return LogValueKind.String;
            case SpecialType.System_Boolean: return LogValueKind.Bool;
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Decimal:
                return LogValueKind.Number;
            case SpecialType.System_Double: return LogValueKind.Double;
            case SpecialType.System_Single: return LogValueKind.Single;
            case SpecialType.System_DateTime: return LogValueKind.Date;
        }
        if (type.TypeKind == TypeKind.Enum) return LogValueKind.Enum;
        if (type.ToDisplayString() == "System.DateTimeOffset") return LogValueKind.Date;
        if (known.Exception is not null && InheritsFrom(type, known.Exception)) return LogValueKind.Exception;
        if (Implements(type, LogObjectType)) return LogValueKind.Object;
        if (type.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == JsonModelAttribute) ||
            type.AllInterfaces.Any(static i => i.OriginalDefinition.ToDisplayString() == JsonModelInterface))
        {
            return LogValueKind.Json;
        }
        if (Implements(type, "System.IUtf8SpanFormattable")) return LogValueKind.Formattable;
        return null;
    }

    private static bool Implements(ITypeSymbol type, string name) =>
        type.ToDisplayString() == name || type.AllInterfaces.Any(i => i.ToDisplayString() == name);

    private static bool InheritsFrom(ITypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType)) return true;
        }
        return false;
    }

    private static string Signature(IMethodSymbol method, MethodDeclarationSyntax syntax)
    {
        var modifiers = string.Join(" ", syntax.Modifiers.Select(static m => m.Text));
        var parameters = method.Parameters.Select(static (p, i) =>
        {
            var prefix = i == 0 && p.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true } ? "this " : "";
            var refKind = p.RefKind switch { RefKind.In => "in ", RefKind.RefReadOnlyParameter => "ref readonly ", _ => "" };
            return $"{prefix}{refKind}{p.Type.ToDisplayString(TypeFormat)} {Identifier(p.Name)}";
        });
        return $"{modifiers} void {Identifier(method.Name)}({string.Join(", ", parameters)})";
    }

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
        var generics = type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(static t => t.Name)) + ">";
        return $"partial {keyword} {type.Name}{generics}";
    }

    private static string HintName(IMethodSymbol method)
    {
        var type = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "");
        foreach (var c in new[] { '<', '>', ',', ' ' }) type = type.Replace(c, '_');
        // Overloads share a name: a hash of the parameter types keeps their files apart, stably across builds.
        var signature = string.Join(",", method.Parameters.Select(static p => p.Type.ToDisplayString()));
        uint hash = 2166136261;
        foreach (var c in signature) hash = unchecked((hash ^ c) * 16777619);
        return $"{type}.{method.Name}.{hash:x8}.Log.g.cs";
    }

    private static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private readonly struct KnownTypes(Compilation compilation)
    {
        public INamedTypeSymbol? Exception { get; } = compilation.GetTypeByMetadataName("System.Exception");
    }
}
