using System.Reflection;
using System.Runtime.CompilerServices;

namespace AotSuite.Logging.Tests;

/// <summary>The library's public surface as text, compared with PublicApi.verified.txt: growth shows up as a diff to review.</summary>
public class PublicApiTests
{
    [Test]
    public async Task The_public_api_matches_the_approved_list()
    {
        var lines = new List<string>();
        foreach (var type in typeof(Logger).Assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add(type.FullName!);
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            lines.AddRange(type.GetMembers(flags)
                .Where(m => m is not MethodInfo { IsSpecialName: true } && m.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
                .Select(m => "    " + m)
                .Order(StringComparer.Ordinal));
        }
        var actual = string.Join('\n', lines) + "\n";
        var path = Path.Combine(Path.GetDirectoryName(SourcePath())!, "PublicApi.verified.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1") await File.WriteAllTextAsync(path, actual);
        await Assert.That(actual).IsEqualTo(await File.ReadAllTextAsync(path)).Because($"the public API differs from {path} (UPDATE_SNAPSHOTS=1 rewrites it)");
    }

    private static string SourcePath([CallerFilePath] string path = "") => path;
}
