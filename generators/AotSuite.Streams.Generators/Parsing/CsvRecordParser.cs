using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AotSuite.Generators;
using AotSuite.Streams.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AotSuite.Streams.Generators.Parsing;

/// <summary>Turns a [CsvRecord] type into a <see cref="CsvRecordSpec"/> and its diagnostics; no symbol leaves this class.</summary>
internal static class CsvRecordParser
{
    public const string AttributeName = "AotSuite.Streams.Csv.CsvRecordAttribute";

    public static CsvRecordResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var diagnostics = new List<DiagnosticInfo>();

        if (!IsPartial(syntax) || syntax.Ancestors().OfType<TypeDeclarationSyntax>().Any(static t => !IsPartial(t)))
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NotPartial, LocationInfo.From(syntax.Identifier.GetLocation()), type.Name));
            return new CsvRecordResult(null, diagnostics.ToEquatableArray());
        }
        if (syntax.ParameterList is not { Parameters.Count: > 0 } parameters)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NoColumns, LocationInfo.From(syntax.Identifier.GetLocation()), type.Name));
            return new CsvRecordResult(null, diagnostics.ToEquatableArray());
        }

        var columns = new List<CsvColumnSpec>();
        foreach (var parameter in parameters.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (context.SemanticModel.GetDeclaredSymbol(parameter, cancellationToken) is not IParameterSymbol symbol) continue;
            var column = Column(symbol);
            if (column is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedType, LocationInfo.From(parameter.Type ?? (SyntaxNode)parameter),
                    symbol.Name, symbol.Type.ToDisplayString()));
                continue;
            }
            columns.Add(column);
        }
        if (diagnostics.Count > 0) return new CsvRecordResult(null, diagnostics.ToEquatableArray());

        var ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
        var containing = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) containing.Insert(0, Declaration(outer));
        var fullName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        return new CsvRecordResult(
            new CsvRecordSpec(fullName.Replace("global::", "") + ".Csv.g.cs", ns, fullName, Declaration(type), containing.ToEquatableArray(), columns.ToEquatableArray()),
            EquatableArray<DiagnosticInfo>.Empty);
    }

    private static CsvColumnSpec? Column(IParameterSymbol parameter)
    {
        var type = parameter.Type;
        var nullable = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } wrapper)
        {
            type = wrapper.TypeArguments[0];
            nullable = true;
        }
        else if (type.IsReferenceType && parameter.NullableAnnotation == NullableAnnotation.Annotated)
        {
            nullable = true;
        }
        var kind = type.SpecialType switch
        {
            SpecialType.System_String => CsvValueKind.Text,
            SpecialType.System_Boolean => CsvValueKind.Boolean,
            SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal => CsvValueKind.Utf8,
            SpecialType.System_DateTime => CsvValueKind.DateTime,
            _ => type.ToDisplayString() switch
            {
                "System.Guid" => CsvValueKind.Utf8,
                "System.DateOnly" or "System.TimeOnly" or "System.DateTimeOffset" or "System.TimeSpan" => CsvValueKind.DateTime,
                _ => (CsvValueKind?)null,
            },
        };
        if (kind is null) return null;
        return new CsvColumnSpec(parameter.Name, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), kind.Value, nullable);
    }

    private static bool IsPartial(TypeDeclarationSyntax syntax) => syntax.Modifiers.Any(SyntaxKind.PartialKeyword);

    private static string Declaration(INamedTypeSymbol type)
    {
        var keyword = type switch
        {
            { IsRecord: true, IsValueType: true } => "record struct",
            { IsRecord: true } => "record",
            { IsValueType: true } => "struct",
            _ => "class",
        };
        return $"partial {keyword} {type.Name}";
    }
}
