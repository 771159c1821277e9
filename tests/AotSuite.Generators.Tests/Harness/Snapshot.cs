using System.Runtime.CompilerServices;

namespace AotSuite.Generators.Tests.Harness;

/// <summary>
/// Compares generated text with a checked-in <c>Snapshots/&lt;name&gt;.verified.cs</c> beside the calling test file.
/// <c>UPDATE_SNAPSHOTS=1</c> rewrites the file instead (then review the diff and commit it).
/// </summary>
internal static class Snapshot
{
    public static async Task Matches(string actual, string name, [CallerFilePath] string testFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots", name + ".verified.cs");
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, actual);
            return;
        }
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"no snapshot {path}; run with UPDATE_SNAPSHOTS=1 to create it, then review it");
        }
        var expected = (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n");
        await Assert.That(actual).IsEqualTo(expected)
            .Because($"generated source differs from {path} (UPDATE_SNAPSHOTS=1 rewrites it)");
    }
}
