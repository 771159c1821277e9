using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AotSuite.Http.Client.Tests;

/// <summary>Every C# block of docs/http-client.md and docs/http.md compiles as the console program a user would paste it into.</summary>
public partial class DocSnippetTests
{
    private const string ImplicitUsings =
        "global using System; global using System.IO; global using System.Collections.Generic; global using System.Linq; " +
        "global using System.Threading; global using System.Threading.Tasks;";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly string[] Docs = ["http-client.md", "http.md"];

    public static IEnumerable<Func<(string, int)>> Blocks() =>
        Docs.SelectMany(doc => Enumerable.Range(0, CSharpBlocks(doc).Count).Select(i => (Func<(string, int)>)(() => (doc, i))));

    [Test]
    [MethodDataSource(nameof(Blocks))]
    public async Task The_block_compiles(string doc, int index)
    {
        var source = CSharpBlocks(doc)[index];
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            $"Doc{index}",
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path: "snippet.cs"), CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions)],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        // System.Text.Json's own source generator, from the SDK's reference pack, as a user's build runs it.
        CSharpGeneratorDriver.Create([SystemTextJsonGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        await Assert.That(errors).IsEmpty();
    }

    private static ISourceGenerator SystemTextJsonGenerator()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!; // …/shared/Microsoft.NETCore.App/10.0.x
        var dotnet = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        // The reference pack of the running runtime's version, or else the newest one the SDK has.
        var packs = Path.Combine(dotnet, "packs", "Microsoft.NETCore.App.Ref");
        var version = Directory.Exists(Path.Combine(packs, Path.GetFileName(runtime)))
            ? Path.GetFileName(runtime)
            : Directory.GetDirectories(packs).Select(Path.GetFileName).OrderBy(v => Version.TryParse(v, out var parsed) ? parsed : new Version()).Last()!;
        var path = Path.Combine(packs, version, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll");
        var type = System.Reflection.Assembly.LoadFrom(path).GetTypes().Single(t => t.Name == "JsonSourceGenerator");
        return ((IIncrementalGenerator)Activator.CreateInstance(type)!).AsSourceGenerator();
    }

    private static List<string> CSharpBlocks(string doc)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "AotSuite.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("no AotSuite.sln above the tests");
        var markdown = File.ReadAllText(Path.Combine(root, "docs", doc));
        return [.. CSharpBlock().Matches(markdown).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
