using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AotSuite.Generators.Tests.Harness;

/// <summary>Runs a generator, edits the compilation, runs it again and reports how each tracked step's outputs came back.</summary>
internal static class StepCaching
{
    /// <summary>
    /// Every output reason of every named step (and of the source output) on the second run, after
    /// <paramref name="edit"/> changed the compilation.
    /// </summary>
    public static IReadOnlyList<(string Step, IncrementalStepRunReason Reason)> AfterEdit(
        IIncrementalGenerator generator, string source, Func<Compilation, Compilation> edit, IEnumerable<string> stepNames)
    {
        var compilation = GeneratorHarness.Compile(source);
        var driver = GeneratorHarness.Driver(generator).RunGenerators(compilation);
        driver = driver.RunGenerators(edit(compilation));
        var result = driver.GetRunResult().Results.Single();
        var reasons = new List<(string, IncrementalStepRunReason)>();
        foreach (var name in stepNames)
        {
            if (!result.TrackedSteps.TryGetValue(name, out var steps)) throw new InvalidOperationException($"no tracked step '{name}'");
            reasons.AddRange(steps.SelectMany(s => s.Outputs).Select(o => (name, o.Reason)));
        }
        reasons.AddRange(result.TrackedOutputSteps.SelectMany(kv => kv.Value.SelectMany(s => s.Outputs).Select(o => (kv.Key, o.Reason))));
        return reasons;
    }

    /// <summary>Adds a new, unrelated file to the compilation.</summary>
    public static Compilation AddUnrelatedFile(Compilation compilation) =>
        compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other { public static class Unrelated { public const int X = 1; } }",
            (CSharpParseOptions)compilation.SyntaxTrees.First().Options, path: "Unrelated.cs"));

    /// <summary>Edits a method body in the first file: the model types are untouched.</summary>
    public static Compilation EditFirstFile(Compilation compilation, string from, string to)
    {
        var tree = compilation.SyntaxTrees.First();
        var text = tree.GetText().ToString();
        if (!text.Contains(from, StringComparison.Ordinal)) throw new ArgumentException($"'{from}' is not in the source", nameof(from));
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(from, to, StringComparison.Ordinal))));
    }
}
