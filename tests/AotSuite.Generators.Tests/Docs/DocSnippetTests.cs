using System.Runtime.Loader;
using System.Text.RegularExpressions;
using AotSuite.Generators.Tests.Harness;
using AotSuite.Json.Generators;
using Microsoft.CodeAnalysis;

namespace AotSuite.Generators.Tests.Docs;

/// <summary>The C# examples in docs/ compile (with our generators, as a user's build would run them) and, where they are safe to run, run.</summary>
public partial class DocSnippetTests
{
    private const string ImplicitUsings =
        "global using System; global using System.Collections.Generic; global using System.Linq; global using System.Threading.Tasks;";

    private static string Snippet(string doc)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "AotSuite.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("no AotSuite.sln above the tests");
        var markdown = File.ReadAllText(Path.Combine(root, "docs", doc));
        return CSharpBlock().Match(markdown).Groups[1].Value;
    }

    private static GeneratorRun Build(string doc) =>
        GeneratorHarness.Run(new JsonModelGenerator(), GeneratorHarness.Compile(OutputKind.ConsoleApplication, Snippet(doc), ImplicitUsings));

    [Test]
    public async Task The_json_example_compiles_and_prints_what_its_comment_says()
    {
        var run = Build("json.md");
        await Assert.That(run.CompileErrors.Select(e => e.ToString())).IsEmpty();

        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        await Assert.That(emitted.Success).IsTrue();
        var context = new AssemblyLoadContext("docs-json", isCollectible: true);
        try
        {
            image.Position = 0;
            var entry = context.LoadFromStream(image).EntryPoint!;
            entry.Invoke(null, [Array.Empty<string>()]);
            // TUnit captures each test's console output; the snippet printed into ours.
            await Assert.That(TestContext.Current!.GetStandardOutput()).Contains("Buy milk is due 2026-12-24");
        }
        finally
        {
            context.Unload();
        }
    }

    [Test]
    public async Task The_http_example_compiles()
    {
        // Compiled, not run: it binds port 8080, which a test machine may not have free.
        var run = Build("http.md");
        await Assert.That(run.CompileErrors.Select(e => e.ToString())).IsEmpty();
    }

    [Test]
    public async Task The_web_example_compiles_with_both_generators()
    {
        // The JSON generator first (the models), then the web generator over its output, as the compiler runs both.
        var json = Build("web.md");
        var run = GeneratorHarness.Run(new AotSuite.Web.Generators.WebGenerator(), (Microsoft.CodeAnalysis.CSharp.CSharpCompilation)json.Output);
        await Assert.That(run.GeneratorDiagnostics.Select(d => d.ToString())).IsEmpty();
        // Four endpoints, the Results.Created call, the codecs of User and NewUser (which have no [JsonModel]) and seven Use sites.
        await Assert.That(run.Sources.Keys.Order(StringComparer.Ordinal).Select(k => k.Split('.')[2]))
            .IsEquivalentTo(["Json", "Results", "Routes", "Routes", "Routes", "Routes", "Use", "Use", "Use", "Use", "Use", "Use", "Use"]);
        await Assert.That(run.CompileErrors.Select(e => e.ToString())).IsEmpty();
    }

    [Test]
    public async Task The_static_files_example_compiles()
    {
        var run = GeneratorHarness.Compile(OutputKind.ConsoleApplication, Snippet("static-files.md"), ImplicitUsings);
        await Assert.That(run.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())).IsEmpty();
    }

    [Test]
    public async Task The_websockets_example_compiles()
    {
        // MapWebSocket is a plain extension method (no interceptor): the compiler alone checks the handler, the listener
        // and the options as a user writes them.
        var run = GeneratorHarness.Compile(OutputKind.ConsoleApplication, Snippet("websockets.md"), ImplicitUsings);
        await Assert.That(run.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())).IsEmpty();
    }

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
