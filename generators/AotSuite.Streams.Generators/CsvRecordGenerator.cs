using AotSuite.Generators;
using AotSuite.Streams.Generators.Emitting;
using AotSuite.Streams.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AotSuite.Streams.Generators;

/// <summary>[CsvRecord] records get a generated CSV row reader and writer (ICsvRecord), no reflection.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class CsvRecordGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names: tests assert these steps stay cached across unrelated edits.</summary>
    public static class Steps
    {
        public const string Parse = "CsvRecord.0_Parse";
        public const string Model = "CsvRecord.1_Model";
        public const string Diagnostics = "CsvRecord.2_Diagnostics";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                CsvRecordParser.AttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                CsvRecordParser.Parse)
            .WithTrackingName(Steps.Parse);

        var models = results
            .Select(static (r, _) => r.Model)
            .Where(static m => m is not null)
            .WithTrackingName(Steps.Model);

        context.RegisterSourceOutput(models, static (spc, model) =>
            spc.AddSource(model!.HintName, CsvRecordEmitter.Emit(model)));

        context.RegisterDiagnostics(results.Select(static (r, _) => r.Diagnostics).WithTrackingName(Steps.Diagnostics));
    }
}
