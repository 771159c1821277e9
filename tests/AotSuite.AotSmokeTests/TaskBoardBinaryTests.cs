using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// The published examples/TaskBoard binary: its REST API through curl, its page through headless Chromium, its store
/// shared with the task CLI, and a clean stop on SIGTERM.
/// </summary>
[NotInParallel]
public class TaskBoardBinaryTests
{
    private static string Binary => ToolBinary.PathOf("TaskBoard");

    [Test]
    public async Task Serves_the_api_to_curl_and_shares_its_store_with_the_task_cli()
    {
        using var temp = new TempDirectory();
        var store = Path.Combine(temp.Path, "tasks.json");
        await using var board = await Board.StartAsync(temp.Path, store);

        var created = await Curl("-sS", "-X", "POST", "-H", "Content-Type: application/json", "-d", """{"title":"Ship it","priority":"high"}""", $"{board.Url}/api/tasks");
        await Assert.That(created).StartsWith("""{"id":1,"title":"Ship it","done":false,"priority":"high",""");
        await Assert.That(await Curl("-sS", "-X", "POST", $"{board.Url}/api/tasks/1/complete")).Contains("\"done\":true");
        await Assert.That(await Curl("-sS", $"{board.Url}/api/stats")).IsEqualTo("""{"total":1,"done":1,"pending":0,"overdue":0,"highPending":0,"percentDone":100}""");
        await Assert.That(await Curl("-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", $"{board.Url}/api/tasks/9/complete")).IsEqualTo("404");
        await Assert.That(await Curl("-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-d", "{", $"{board.Url}/api/tasks")).IsEqualTo("400");
        await Assert.That(await Curl("-sS", "-o", "/dev/null", "-w", "%{http_code} %{content_type}", $"{board.Url}/")).IsEqualTo("200 text/html; charset=utf-8");

        var list = await ToolRun.RunAsync(ToolBinary.PathOf("task"), ["list", "--file", store], temp.Path);
        await Assert.That(list.Stdout).Contains("Ship it");

        await board.StopAsync();
        await Assert.That(board.ExitCode).IsEqualTo(0);
    }

    [Test]
    public async Task Its_page_adds_and_completes_a_task_in_headless_chromium()
    {
        using var temp = new TempDirectory();
        await using var board = await Board.StartAsync(temp.Path, Path.Combine(temp.Path, "tasks.json"));
        var modules = Path.Combine(ToolBinary.Artifacts, "npm", "node_modules");
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(ToolBinary.RepoRoot, "tests", "AotSuite.AotSmokeTests", "e2e", "taskboard.mjs"));
        info.ArgumentList.Add(board.Url);
        info.ArgumentList.Add(modules);
        info.Environment["SCREENSHOT_DIR"] = temp.Path;
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await Assert.That(node.ExitCode).IsEqualTo(0).Because(await stderr);
        await Assert.That((await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)).IsEquivalentTo(new[]
        {
            "loaded: total=0",
            "added: total=1 pending=1",
            "completed: done=1 pending=0",
            "filtered: pending list empty",
        });
        await Assert.That(File.Exists(Path.Combine(temp.Path, "taskboard.png"))).IsTrue();
    }

    [Test]
    public async Task Says_which_port_is_taken_and_exits_nonzero()
    {
        using var temp = new TempDirectory();
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var result = await ToolRun.RunAsync(Binary, ["--port", port.ToString(), "--file", Path.Combine(temp.Path, "t.json")], temp.Path);
        await Assert.That(result.ExitCode).IsNotEqualTo(0);
        await Assert.That(result.Stderr).Contains($"127.0.0.1:{port} is already in use");
    }

    private static async Task<string> Curl(params string[] arguments)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("--max-time");
        info.ArgumentList.Add("10");
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var curl = Process.Start(info)!;
        var output = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        return curl.ExitCode == 0 ? output : throw new InvalidOperationException($"curl {string.Join(' ', arguments)} exited {curl.ExitCode}: {await curl.StandardError.ReadToEndAsync()}");
    }

    /// <summary>A running TaskBoard on a free port; killed if a test leaves it running.</summary>
    private sealed class Board : IAsyncDisposable
    {
        private readonly Process process;

        private Board(Process process, string url)
        {
            this.process = process;
            Url = url;
        }

        public string Url { get; }

        public int ExitCode => process.ExitCode;

        public static async Task<Board> StartAsync(string directory, string store)
        {
            var info = ToolRun.StartInfo(Binary, ["--port", "0", "--quiet", "--file", store], directory);
            var process = ToolRun.Start(info);
            var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15)) ?? "";
            // "TaskBoard listening on http://127.0.0.1:PORT (tasks in ...)"
            var url = banner.Split(' ').FirstOrDefault(w => w.StartsWith("http://", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"unexpected banner: '{banner}'");
            return new Board(process, url);
        }

        public async Task StopAsync()
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]);
            await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
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
