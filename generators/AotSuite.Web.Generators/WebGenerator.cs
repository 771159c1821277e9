using System.Collections.Immutable;
using System.Linq;
using AotSuite.Generators;
using AotSuite.Web.Generators.Emitting;
using AotSuite.Web.Generators.Model;
using AotSuite.Web.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace AotSuite.Web.Generators;

/// <summary>
/// Replaces every <c>MapGet/MapPost/MapPut/MapDelete/MapPatch(pattern, handler)</c> call with an interceptor that registers
/// a generated, typed endpoint (parameter binding, JSON, results), as ASP.NET's Request Delegate Generator does; and
/// every <c>Use(middleware)</c> call with one that tags it with its site, so each route's middleware chain, composed
/// here as direct calls, can be checked against what the app received; and
/// every <c>Results.Ok/Json/Created(value)</c> call with one that writes the value with its JSON codec. Types without
/// [JsonModel] that handlers read or write get their codec here.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class WebGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names: tests assert these steps stay cached across unrelated edits.</summary>
    public static class Steps
    {
        public const string Parse = "Web.0_Parse";
        public const string Model = "Web.1_Model";
        public const string Diagnostics = "Web.2_Diagnostics";
        public const string Claims = "Web.3_Claims";
        public const string ResultCalls = "Web.4_ResultCalls";
        public const string ResultCallModel = "Web.5_ResultCallModel";
        public const string Codecs = "Web.6_Codecs";
        public const string UseSites = "Web.7_UseSites";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var results = context.SyntaxProvider
            .CreateSyntaxProvider(EndpointParser.IsCandidate, EndpointParser.Parse)
            .Where(static r => r is not null)
            .WithTrackingName(Steps.Parse);

        var models = results
            .Select(static (r, _) => r!.Model)
            .Where(static m => m is not null)
            .WithTrackingName(Steps.Model);

        context.RegisterSourceOutput(models, static (spc, model) => spc.AddSource(model!.HintName, EndpointEmitter.Emit(model)));

        context.RegisterDiagnostics(results.Select(static (r, _) => r!.Diagnostics).WithTrackingName(Steps.Diagnostics));

        // Duplicates need every claim at once; Collect() re-runs on each edit, which is cheap next to parsing.
        var claims = results
            .Select(static (r, _) => r!.Claim)
            .Where(static c => c is not null)
            .Collect()
            .WithTrackingName(Steps.Claims);
        context.RegisterSourceOutput(claims, static (spc, all) => ReportDuplicates(spc, all!));

        var resultCalls = context.SyntaxProvider
            .CreateSyntaxProvider(ResultCallParser.IsCandidate, ResultCallParser.Parse)
            .Where(static r => r is not null)
            .WithTrackingName(Steps.ResultCalls);
        var resultCallModels = resultCalls
            .Select(static (r, _) => r!.Model)
            .Where(static m => m is not null)
            .WithTrackingName(Steps.ResultCallModel);
        context.RegisterSourceOutput(resultCallModels, static (spc, model) => spc.AddSource(model!.HintName, ResultCallEmitter.Emit(model)));
        context.RegisterDiagnostics(resultCalls.Select(static (r, _) => r!.Diagnostics));

        // Every Use call registers its middleware under its site, so the app can tell a route's compiled chain holds.
        var useSites = context.SyntaxProvider
            .CreateSyntaxProvider(MiddlewareChainParser.IsCandidate, MiddlewareChainParser.Parse)
            .Where(static u => u is not null)
            .WithTrackingName(Steps.UseSites);
        context.RegisterSourceOutput(useSites, static (spc, site) => spc.AddSource(site!.HintName, UseSiteEmitter.Emit(site)));

        // One codec per type however many call sites meet it: fan in, keep each name once, in ordinal order so the file
        // is the same whatever order the call sites come in. The Select compares equal when nothing changed, so the
        // file is written again only when a codec did change.
        var codecs = results.Select(static (r, _) => r!.Codecs).Collect()
            .Combine(resultCalls.Select(static (r, _) => r!.Codecs).Collect())
            .Select(static (all, _) => all.Left.Concat(all.Right).SelectMany(static c => c)
                .GroupBy(static c => c.Name).Select(static g => g.First())
                .OrderBy(static c => c.Name, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(Steps.Codecs);
        context.RegisterSourceOutput(codecs, static (spc, all) =>
        {
            if (all.Count > 0) spc.AddSource(JsonCodecEmitter.HintName, JsonCodecEmitter.Emit(all));
        });
    }

    private static void ReportDuplicates(SourceProductionContext spc, ImmutableArray<RouteClaim?> claims)
    {
        var ordered = claims.Select(static c => c!)
            .OrderBy(static c => c.Location?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(static c => c.Location?.TextSpan.Start);
        foreach (var group in ordered.GroupBy(static c => c.Key))
        {
            var first = group.First();
            foreach (var other in group.Skip(1))
            {
                spc.ReportDiagnostic(DiagnosticInfo.Create(Diagnostics.DuplicateRoute, other.Location, other.Method, other.Pattern, first.DisplayLocation).ToDiagnostic());
            }
        }
    }
}
