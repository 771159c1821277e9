using System.Text.RegularExpressions;

namespace AotSuite.AotSmokeTests;

/// <summary>The transcript at the top of docs/task.md, run against the binary: the docs show what the tool prints.</summary>
public partial class TaskDocsTests
{
    [Test]
    public async Task Prints_what_the_first_example_in_docs_task_md_shows()
    {
        var markdown = await File.ReadAllTextAsync(Path.Combine(ToolBinary.RepoRoot, "docs", "task.md"));
        var block = FirstShellBlock().Match(markdown).Groups[1].Value;
        using var sandbox = new TaskSandbox();
        var steps = 0;
        foreach (var (command, expected) in Transcript(block))
        {
            var result = await sandbox.RunAsync(ShellWords(command));
            await Assert.That(result.ExitCode).IsEqualTo(0).Because($"'{command}' failed: {result}");
            // Dates depend on the day the test runs ("--due fri"); the rest must match to the character.
            await Assert.That(AnyDate().Replace(result.Stdout.TrimEnd(), "YYYY-MM-DD"))
                .IsEqualTo(AnyDate().Replace(expected.TrimEnd(), "YYYY-MM-DD"))
                .Because($"output of '{command}'");
            steps++;
        }
        await Assert.That(steps).IsGreaterThanOrEqualTo(4);
    }

    private static IEnumerable<(string Command, string Output)> Transcript(string block)
    {
        string? command = null;
        var output = new List<string>();
        foreach (var line in block.Split('\n'))
        {
            if (line.StartsWith("$ task ", StringComparison.Ordinal))
            {
                if (command is not null) yield return (command, string.Join('\n', output));
                command = line["$ task ".Length..];
                output.Clear();
            }
            else
            {
                output.Add(line);
            }
        }
        if (command is not null) yield return (command, string.Join('\n', output));
    }

    private static string[] ShellWords(string command) =>
        [.. Regex.Matches(command, "\"([^\"]*)\"|(\\S+)").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)];

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FirstShellBlock();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex AnyDate();
}
