using System.Xml.Linq;

namespace AotSuite.AotSmokeTests;

/// <summary>Where the published tools are: <c>artifacts/bin/&lt;tool&gt;/&lt;tool&gt;</c> under the repo root, one per <c>tools/&lt;tool&gt;</c> folder.</summary>
internal static class ToolBinary
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    public static string RepoRoot => Root.Value;

    public static string Artifacts => Path.Combine(RepoRoot, "artifacts");

    /// <summary>The tools build.cs publishes: every folder of <c>tools/</c> that holds a .csproj; the folder name is the tool name.</summary>
    public static IReadOnlyList<string> Names() =>
        Directory.GetDirectories(Path.Combine(RepoRoot, "tools"))
            .Where(static dir => Directory.GetFiles(dir, "*.csproj").Length > 0)
            .Select(static dir => Path.GetFileName(dir))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string PublishDirectory(string tool) => Path.Combine(Artifacts, "bin", tool);

    public static string PublishLog(string tool) => Path.Combine(Artifacts, "logs", $"publish-{tool}.log");

    /// <summary>The binary's path; fails with the command that makes it when it has not been published.</summary>
    public static string PathOf(string tool)
    {
        var path = Path.Combine(PublishDirectory(tool), tool);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} does not exist; publish the tools first (dotnet run build.cs -- publish)", path);
    }

    /// <summary>The one version of everything: <c>&lt;VersionPrefix&gt;</c> in the root Directory.Build.props.</summary>
    public static string Version()
    {
        var props = Path.Combine(RepoRoot, "Directory.Build.props");
        return XDocument.Load(props).Descendants("VersionPrefix").Select(static e => e.Value.Trim()).FirstOrDefault()
            ?? throw new InvalidOperationException($"{props}: no <VersionPrefix>");
    }

    private static string FindRepoRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "AotSuite.sln"))) return dir;
        }
        throw new InvalidOperationException($"no AotSuite.sln above {AppContext.BaseDirectory}; run the smoke tests from inside the checkout");
    }
}
