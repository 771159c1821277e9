using System.Linq;
using Microsoft.CodeAnalysis;

namespace AotSuite.Generators;

/// <summary>A diagnostic waiting to be reported: descriptor, place and message arguments, without any ISymbol or Location.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.Select(static a => (object?)a).ToArray());
}

internal static class DiagnosticInfoExtensions
{
    /// <summary>Reports diagnostics through their own output, so a model change never waits on them.</summary>
    public static void RegisterDiagnostics(
        this IncrementalGeneratorInitializationContext context,
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics)
    {
        context.RegisterSourceOutput(diagnostics, static (spc, items) =>
        {
            foreach (var item in items) spc.ReportDiagnostic(item.ToDiagnostic());
        });
    }
}
