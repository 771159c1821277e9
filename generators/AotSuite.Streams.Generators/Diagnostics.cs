using Microsoft.CodeAnalysis;

namespace AotSuite.Streams.Generators;

internal static class Diagnostics
{
    private const string Category = "AotSuite.Streams";

    public static readonly DiagnosticDescriptor NotPartial = new(
        "AOT5001",
        "CSV record type must be partial",
        "type '{0}' has [CsvRecord] but is not partial; add the 'partial' modifier to it and to every type that contains it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedType = new(
        "AOT5002",
        "CSV record member has an unsupported type",
        "member '{0}' has type '{1}', which a CSV field cannot hold; use string, a number, bool, Guid, a date or time type, or a nullable one of those",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NoColumns = new(
        "AOT5003",
        "CSV record has no primary constructor",
        "type '{0}' has [CsvRecord] but no primary constructor parameters; declare the columns as 'partial record {0}(string Name, ...)'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
