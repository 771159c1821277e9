using System.Diagnostics;

namespace AotSuite.WebSockets.Tests.Peers;

/// <summary>
/// node with the npm <c>ws</c> package (installed by <c>dotnet run build.cs -- test</c>, or
/// <c>npm install --prefix artifacts/npm ws@8.23.0</c>, into the checkout's artifacts/npm).
/// </summary>
internal static class NodePeer
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Modules => Path.Combine(RepoRoot, "artifacts", "npm", "node_modules");

    public static string Script(string name) => Path.Combine(RepoRoot, "tests", "AotSuite.WebSockets.Tests", "Peers", name);

    public static void EnsureInstalled()
    {
        if (!File.Exists(Path.Combine(Modules, "ws", "package.json")))
            throw new InvalidOperationException($"npm's ws is not in {Modules}; run 'npm install --prefix artifacts/npm --ignore-scripts ws@8.23.0' (build.cs test does)");
    }

    public static Process Start(string script, params string[] arguments)
    {
        EnsureInstalled();
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(Script(script));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return Process.Start(info)!;
    }

    private static string FindRepoRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "AotSuite.sln"))) return dir;
        }
        throw new InvalidOperationException($"no AotSuite.sln above {AppContext.BaseDirectory}");
    }
}
