using AotSuite.Generators;
using AotSuite.Json.Generators.Emitting;
using AotSuite.Json.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AotSuite.Json.Generators;

/// <summary>[JsonModel] types get a generated Utf8JsonWriter writer and Utf8JsonReader reader.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class JsonModelGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names: tests assert these steps stay cached across unrelated edits.</summary>
    public static class Steps
    {
        public const string Parse = "JsonModel.0_Parse";
        public const string Model = "JsonModel.1_Model";
        public const string Diagnostics = "JsonModel.2_Diagnostics";
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                JsonModelParser.AttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                JsonModelParser.Parse)
            .WithTrackingName(Steps.Parse);

        var models = results
            .Select(static (r, _) => r.Model)
            .Where(static m => m is not null)
            .WithTrackingName(Steps.Model);

        context.RegisterSourceOutput(models, static (spc, model) =>
            spc.AddSource(model!.HintName, JsonModelEmitter.Emit(model)));

        context.RegisterDiagnostics(results.Select(static (r, _) => r.Diagnostics).WithTrackingName(Steps.Diagnostics));
    }
}
