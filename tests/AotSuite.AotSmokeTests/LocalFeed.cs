using System.Xml.Linq;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// The packable libraries, packed from the Release build into a folder feed with a version of the run's own: NuGet
/// caches packages by id and version, and an older pack must never be the one tested.
/// </summary>
internal static class LocalFeed
{
    public static readonly string Version = $"{ToolBinary.Version()}-test.{DateTime.UtcNow:yyyyMMddHHmmss}";

    /// <summary>Every src/ library whose csproj does not say &lt;IsPackable&gt;false&lt;/IsPackable&gt; (the build.cs pack rule).</summary>
    public static IReadOnlyList<string> PackableLibraries() =>
        Directory.GetDirectories(Path.Combine(ToolBinary.RepoRoot, "src"))
            .Select(static dir => Path.Combine(dir, Path.GetFileName(dir) + ".csproj"))
            .Where(static csproj => File.Exists(csproj) && !XDocument.Load(csproj).Descendants("IsPackable").Any(static e => e.Value.Trim() == "false"))
            .Select(static csproj => Path.GetFileNameWithoutExtension(csproj))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static async Task PackAsync(string feed, IEnumerable<string> libraries)
    {
        foreach (var library in libraries)
        {
            var project = Path.Combine(ToolBinary.RepoRoot, "src", library, library + ".csproj");
            var pack = await Dotnet.RunAsync(ToolBinary.RepoRoot, "pack", project, "-c", "Release", "--no-build", "-o", feed, $"-p:PackageVersion={Version}");
            if (pack.ExitCode != 0) throw new InvalidOperationException($"packing {library} failed (build the solution in Release first):\n{pack}");
        }
    }
}
