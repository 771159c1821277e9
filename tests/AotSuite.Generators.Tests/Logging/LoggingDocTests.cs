using System.Text.RegularExpressions;
using AotSuite.Generators.Tests.Harness;
using AotSuite.Logging.Generators;
using Microsoft.CodeAnalysis;

namespace AotSuite.Generators.Tests.Logging;

/// <summary>The C# example at the top of docs/logging.md compiles with the [Log] generator, as a user's build would.</summary>
public partial class LoggingDocTests
{
    private const string ImplicitUsings =
        "global using System; global using System.Collections.Generic; global using System.Linq; global using System.Threading.Tasks;";

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [Test]
    public async Task The_logging_example_compiles_with_the_generator()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "AotSuite.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("no AotSuite.sln above the tests");
        var snippet = CSharpBlock().Match(File.ReadAllText(Path.Combine(root, "docs", "logging.md"))).Groups[1].Value;
        await Assert.That(snippet).Contains("[Log(");

        var run = GeneratorHarness.Run(new LogMethodGenerator(), GeneratorHarness.Compile(OutputKind.ConsoleApplication, snippet, ImplicitUsings));
        await Assert.That(run.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning)).IsEmpty();
        await Assert.That(run.CompileErrors.Select(e => e.ToString())).IsEmpty();
    }
}
