using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// The published chat-server binary: its page in two headless Chromium pages, its JSON protocol through npm's ws
/// (bad input answered, an oversized message closed with 1009) over io_uring (its default) and sockets, a spinning
/// io_uring that sleeps once idle, and a clean stop on SIGTERM.
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
    [Arguments(false)]
    [Arguments(true)]
    public async Task Answers_bad_input_with_an_error_and_closes_an_oversized_message_with_1009(bool sockets)
    {
        using var temp = new TempDirectory();
        await using var server = await ChatServerProcess.StartAsync(temp.Path, sockets ? ["--sockets"] : []);
        await Assert.That(server.Banner).Contains(sockets ? "over sockets" : "over io_uring");
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

    [Test]
    public async Task Echoes_over_a_spinning_io_uring_and_sleeps_once_idle()
    {
        using var temp = new TempDirectory();
        await using var server = await ChatServerProcess.StartAsync(temp.Path, "--echo", "--io-uring-spin", "2000");
        await Assert.That(server.Banner).Contains("over io_uring");
        using (var client = new ClientWebSocket())
        {
            await client.ConnectAsync(new Uri(server.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/echo"), CancellationToken.None);
            var buffer = new byte[64];
            for (var i = 0; i < 100; i++)
            {
                var sent = Encoding.UTF8.GetBytes($"message {i}");
                await client.SendAsync(sent, WebSocketMessageType.Text, true, CancellationToken.None);
                var received = await client.ReceiveAsync(buffer, CancellationToken.None);
                await Assert.That(Encoding.UTF8.GetString(buffer, 0, received.Count)).IsEqualTo($"message {i}");
            }
            // Idle with the connection open: the ring spins 2 ms after the last echo and then sleeps in the kernel.
            var before = server.CpuTime;
            await Task.Delay(TimeSpan.FromSeconds(2));
            await Assert.That(server.CpuTime - before).IsLessThan(TimeSpan.FromMilliseconds(500));
            await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
        await server.StopAsync();
        await Assert.That(server.ExitCode).IsEqualTo(0);
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
