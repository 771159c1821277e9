using Microsoft.CodeAnalysis;

namespace AotSuite.Generators.Tests.Harness;

internal static class DiagnosticAssert
{
    /// <summary>The single diagnostic the generator reported: its id, its message, and the exact source text under the squiggle.</summary>
    public static (string Id, string Message, string Squiggle) Single(GeneratorRun run)
    {
        var diagnostics = run.GeneratorDiagnostics;
        if (diagnostics.Length != 1)
        {
            throw new InvalidOperationException($"expected one diagnostic, got {diagnostics.Length}: {string.Join("; ", diagnostics)}");
        }
        var diagnostic = diagnostics[0];
        // Generators report through LocationInfo, which carries a path rather than a tree: find the tree by path.
        var path = diagnostic.Location.GetLineSpan().Path;
        var tree = run.Input.SyntaxTrees.Single(t => t.FilePath == path);
        var squiggle = tree.GetText().ToString(diagnostic.Location.SourceSpan);
        return (diagnostic.Id, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), squiggle);
    }
}
