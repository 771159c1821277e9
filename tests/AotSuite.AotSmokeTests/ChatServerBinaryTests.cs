using System.Diagnostics;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// The published chat-server binary: its page in two headless Chromium pages, its JSON protocol through npm's ws
/// (bad input answered, an oversized message closed with 1009), and a clean stop on SIGTERM.
/// </summary>
[NotInParallel]
public class ChatServerBinaryTests
{
    private static string Binary => ToolBinary.PathOf("chat-server");

    private static string Modules => Path.Combine(ToolBinary.Artifacts, "npm", "node_modules");

    [Test]
    public async Task Two_chromium_pages_chat_through_it()
    {
        using var temp = new TempDirectory();
        await using var server = await ChatServer.StartAsync(temp.Path);
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
        await using var server = await ChatServer.StartAsync(temp.Path);
        var (exit, stdout, stderr) = await Node("chat-protocol.mjs", [server.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/chat", Modules], temp.Path);
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

    /// <summary>A running chat-server on a free port; killed if a test leaves it running.</summary>
    private sealed class ChatServer : IAsyncDisposable
    {
        private readonly Process process;

        private ChatServer(Process process, string url)
        {
            this.process = process;
            Url = url;
        }

        public string Url { get; }

        public int ExitCode => process.ExitCode;

        public static async Task<ChatServer> StartAsync(string directory, params string[] extra)
        {
            var process = ToolRun.Start(ToolRun.StartInfo(Binary, ["--port", "0", "--quiet", .. extra], directory));
            var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15)) ?? "";
            // "chat-server listening on http://127.0.0.1:PORT (...)"
            var url = banner.Split(' ').FirstOrDefault(w => w.StartsWith("http://", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"unexpected banner: '{banner}'");
            return new ChatServer(process, url);
        }

        public async Task StopAsync()
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]);
            await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }
}
