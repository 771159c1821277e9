using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AotSuite.Generators;
using AotSuite.Logging.Generators.Emitting;
using AotSuite.Logging.Generators.Model;
using AotSuite.Logging.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AotSuite.Logging.Generators;

/// <summary>[Log] partial methods get a generated body that writes one pino line, allocation-free.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class LogMethodGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names: tests assert these steps stay cached across unrelated edits.</summary>
    public static class Steps
    {
        public const string Parse = "Log.0_Parse";
        public const string Model = "Log.1_Model";
        public const string Diagnostics = "Log.2_Diagnostics";
        public const string EventIds = "Log.3_EventIds";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                LogMethodParser.AttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                LogMethodParser.Parse)
            .WithTrackingName(Steps.Parse);

        var models = results
            .Select(static (r, _) => r.Model)
            .Where(static m => m is not null)
            .WithTrackingName(Steps.Model);

        context.RegisterSourceOutput(models, static (spc, model) =>
            spc.AddSource(model!.HintName, LogMethodEmitter.Emit(model)));

        context.RegisterDiagnostics(results.Select(static (r, _) => r.Diagnostics).WithTrackingName(Steps.Diagnostics));

        // Event ids are unique per type, which needs every method of the type at once: only the small EventIdUse records
        // are collected, so an edit re-runs this check, never the parsing or the emitting.
        var eventIds = results
            .Select(static (r, _) => r.EventId)
            .Where(static e => e is not null)
            .Collect()
            .Select(static (uses, _) => DuplicateEventIds(uses!))
            .WithTrackingName(Steps.EventIds);
        context.RegisterSourceOutput(eventIds, static (spc, items) =>
        {
            foreach (var item in items) spc.ReportDiagnostic(item.ToDiagnostic());
        });
    }

    private static EquatableArray<DiagnosticInfo> DuplicateEventIds(ImmutableArray<EventIdUse?> uses)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var ordered = uses.Select(static u => u!)
            .OrderBy(static u => u.TypeName, System.StringComparer.Ordinal)
            .ThenBy(static u => u.Location?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(static u => u.Location?.TextSpan.Start);
        foreach (var group in ordered.GroupBy(static u => (u.TypeName, u.EventId)))
        {
            var first = group.First();
            foreach (var other in group.Skip(1))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.DuplicateEventId, other.Location, first.Method, other.Method, other.TypeName,
                    other.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        return diagnostics.ToEquatableArray();
    }
}
