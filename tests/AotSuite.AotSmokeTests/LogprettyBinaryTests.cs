using System.Diagnostics;

namespace AotSuite.AotSmokeTests;

/// <summary>The published logpretty binary: NDJSON on stdin, pino-pretty's human format on stdout.</summary>
public class LogprettyBinaryTests
{
    private const string Lines = """
        {"level":30,"time":1764000000123,"pid":42,"hostname":"box","name":"api","msg":"User 42 signed in","userId":42}
        {"level":20,"time":1764000000124,"pid":42,"hostname":"box","msg":"debugging"}
        not json at all
        {"level":50,"time":1764000000125,"pid":42,"hostname":"box","msg":"failed","err":{"type":"E","message":"m","stack":"E: m\n    at A()"}}

        """;

    private static async Task<ToolResult> Pretty(string input, string[] arguments, Dictionary<string, string?>? environment = null)
    {
        using var temp = new TempDirectory();
        var info = ToolRun.StartInfo(ToolBinary.PathOf("logpretty"), arguments, temp.Path, environment);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start logpretty");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(ToolRun.DefaultTimeout);
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    [Test]
    public async Task Prints_pino_lines_in_the_human_format_and_passes_other_lines_through()
    {
        var result = await Pretty(Lines, []);
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.Stdout).IsEqualTo(
            "[16:00:00.123] INFO (api/42): User 42 signed in\n    userId: 42\n" +
            "[16:00:00.124] DEBUG (42): debugging\n" +
            "not json at all\n" +
            "[16:00:00.125] ERROR (42): failed\n    err: {\n      \"type\": \"E\",\n      \"message\": \"m\",\n      \"stack\":\n          E: m\n              at A()\n    }\n");
    }

    [Test]
    public async Task Skips_lines_below_the_level_given_with_L()
    {
        var result = await Pretty(Lines, ["-L", "info"]);
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.Stdout).DoesNotContain("debugging");
        await Assert.That(result.Stdout).Contains("User 42 signed in");
    }

    [Test]
    public async Task Colours_only_when_asked_and_never_with_NO_COLOR_on_a_pipe()
    {
        var plain = await Pretty(Lines, [], new() { ["NO_COLOR"] = "1" });
        await Assert.That(plain.Stdout).DoesNotContain("\e[");
        var forced = await Pretty(Lines, ["--color", "always"]);
        await Assert.That(forced.Stdout).Contains("\e[32mINFO\e[0m");
        var fromEnvironment = await Pretty(Lines, [], new() { ["FORCE_COLOR"] = "1" });
        await Assert.That(fromEnvironment.Stdout).Contains("\e[31mERROR\e[0m");
    }

    [Test]
    public async Task Rejects_an_unknown_level_with_exit_code_2()
    {
        var result = await Pretty("", ["--level", "loud"]);
        await Assert.That(result.ExitCode).IsEqualTo(2);
        await Assert.That(result.Stderr).Contains("logpretty: error: --level 'loud' is not a level");
    }
}
