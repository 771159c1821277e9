using System.Diagnostics;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// The published chat-server binary: its page in two headless Chromium pages, its JSON protocol through npm's ws
/// (bad input answered, an oversized message closed with 1009), and a clean stop on SIGTERM.
/// </summary>
[NotInParallel]
public class ChatServerBinaryTests
{
        internal static string Modules => Path.Combine(ToolBinary.Artifacts, "npm", "node_modules");

    [Test]
    public async Task Two_chromium_pages_chat_through_it()
    {
        using var temp = new TempDirectory();
        await using var server = await ChatServerProcess.StartAsync(temp.Path);
        var (exit, stdout, stderr) = await Node("chat.mjs", [server.Url, Modules], temp.Path);
        await Assert.That(exit).IsEqualTo(0).Because(stderr);
        await Assert.That(stdout).IsEquivalentTo(new[]
        {
            "presence: ada,bob",
            "bob sees: ada: hello bob",
            "ada sees private: bob → ada: psst",
            "carol gets history: ada: hello bob",
        });
        await server.StopAsync();
        await Assert.That(server.ExitCode).IsEqualTo(0);
    }

    [Test]
    public async Task Answers_bad_input_with_an_error_and_closes_an_oversized_message_with_1009()
    {
        using var temp = new TempDirectory();
        await using var server = await ChatServerProcess.StartAsync(temp.Path);
        var (exit, stdout, stderr) = await Node("chat-protocol.mjs", [server.ChatUrl, Modules], temp.Path);
        await Assert.That(exit).IsEqualTo(0).Because(stderr);
        await Assert.That(stdout).IsEquivalentTo(new[]
        {
            "malformed: true",
            "before nick: choose a nickname first: {\"type\":\"nick\",\"nick\":\"...\"}",
            "welcome: ada",
            "still connected: still here",
            "oversized closes with: 1009",
            "server still serves: bob",
        });
    }

    private static async Task<(int Exit, string[] Stdout, string Stderr)> Node(string script, string[] arguments, string screenshots)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(ToolBinary.RepoRoot, "tests", "AotSuite.AotSmokeTests", "e2e", script));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["SCREENSHOT_DIR"] = screenshots;
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        try
        {
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
        }
        return (node.ExitCode, (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries), await stderr);
    }
}
