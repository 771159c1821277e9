using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace AotSuite.AotSmokeTests;

/// <summary><c>jobq dashboard</c>: its JSON endpoints over real HTTP, its page in headless Chromium, its errors.</summary>
public partial class JobqBinaryTests
{
    [Test]
    public async Task Dashboard_answers_counts_rates_and_failures_as_json_and_retries_a_dead_job()
    {
        using var dir = new TempDirectory();
        var env = Sqlite(dir);
        await Seed(dir, env);
        await using var dashboard = await Dashboard.StartAsync(dir, env);
        using var http = new HttpClient { BaseAddress = new Uri(dashboard.Url), Timeout = TimeSpan.FromSeconds(30) };

        using (var first = JsonDocument.Parse(await http.GetStringAsync("/api/queues")))
        {
            await Assert.That(first.RootElement.GetProperty("store").GetString()).IsEqualTo(dir.Combine("jobs.db"));
            var emails = Queue(first, "emails");
            await Assert.That(emails.GetProperty("waiting").GetInt64()).IsEqualTo(2);
            await Assert.That(emails.GetProperty("completed").GetInt64()).IsEqualTo(0);
            // One snapshot is no rate yet.
            await Assert.That(emails.GetProperty("completedPerMinute").ValueKind).IsEqualTo(JsonValueKind.Null);
            await Assert.That(Queue(first, "reports").GetProperty("dead").GetInt64()).IsEqualTo(1);
        }

        using (var worker = ToolRun.Start(ToolRun.StartInfo(Jobq, ["work", "emails", "--exec", "cat > /dev/null"], dir.Path, env)))
        {
            try
            {
                await WaitFor(async () =>
                {
                    using var view = JsonDocument.Parse(await http.GetStringAsync("/api/queues"));
                    return Queue(view, "emails").GetProperty("completed").GetInt64() == 2;
                });
            }
            finally
            {
                await StopOrKill(worker);
            }
        }
        using (var second = JsonDocument.Parse(await http.GetStringAsync("/api/queues")))
        {
            var emails = Queue(second, "emails");
            await Assert.That(emails.GetProperty("completed").GetInt64()).IsEqualTo(2);
            await Assert.That(emails.GetProperty("completedPerMinute").GetDouble()).IsGreaterThan(0);
            await Assert.That(emails.GetProperty("failedPerMinute").GetDouble()).IsEqualTo(0);
        }

        using var failures = JsonDocument.Parse(await http.GetStringAsync("/api/failures"));
        var failure = failures.RootElement.EnumerateArray().Single();
        await Assert.That(failure.GetProperty("queue").GetString()).IsEqualTo("reports");
        await Assert.That(failure.GetProperty("error").GetString()).IsEqualTo("exit code 3: disk full");
        await Assert.That(failure.GetProperty("attempts").GetInt32()).IsEqualTo(1);
        await Assert.That(failure.GetProperty("payload").GetString()).IsEqualTo("{\"report\":7}");
        var id = failure.GetProperty("id").GetInt64();

        using (var retried = await http.PostAsync($"/api/jobs/{id}/retry", null)) await Assert.That(retried.StatusCode).IsEqualTo(HttpStatusCode.NoContent);
        using (var again = await http.PostAsync($"/api/jobs/{id}/retry", null))
        {
            await Assert.That(again.StatusCode).IsEqualTo(HttpStatusCode.Conflict);
            await Assert.That(await again.Content.ReadAsStringAsync()).Contains($"job {id} is waiting; only dead or cancelled jobs can be retried");
        }
        using (var missing = await http.PostAsync("/api/jobs/999/retry", null)) await Assert.That(missing.StatusCode).IsEqualTo(HttpStatusCode.NotFound);
        await Assert.That(await http.GetStringAsync("/api/failures")).IsEqualTo("[]");

        using var page = await http.GetAsync("/");
        await Assert.That(page.StatusCode).IsEqualTo(HttpStatusCode.OK);
        await Assert.That(page.Content.Headers.ContentType!.MediaType).IsEqualTo("text/html");
        await dashboard.StopAsync();
        await Assert.That(dashboard.ExitCode).IsEqualTo(0);
    }

    [Test]
    [NotInParallel] // headless Chromium is heavy on a 2-core machine; the other browser tests run alone too
    [Arguments("sqlite")]
    [Arguments("postgres")]
    public async Task Dashboard_page_shows_queues_and_failures_and_follows_changes_in_headless_chromium(string store)
    {
        using var dir = new TempDirectory();
        var env = await Store(store, dir, "jobq_dashboard");
        await Seed(dir, env);
        await using var dashboard = await Dashboard.StartAsync(dir, env);
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(ToolBinary.RepoRoot, "tests", "AotSuite.AotSmokeTests", "e2e", "jobq-dashboard.mjs"));
        info.ArgumentList.Add(dashboard.Url);
        info.ArgumentList.Add(Path.Combine(ToolBinary.Artifacts, "npm", "node_modules"));
        info.Environment["SCREENSHOT_DIR"] = dir.Path;
        info.Environment["JOBQ"] = Jobq;
        info.Environment["HOME"] = dir.Path;
        foreach (var (name, value) in env)
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }
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
        await Assert.That(node.ExitCode).IsEqualTo(0).Because(await stderr);
        await Assert.That((await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)).IsEquivalentTo(new[]
        {
            "loaded: emails waiting=2 reports dead=1",
            "failure: exit code 3: disk full",
            "live: emails waiting=3",
            "retried: reports waiting=1 dead=0",
        }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(File.Exists(dir.Combine("jobq-dashboard.png"))).IsTrue();
    }

    [Test]
    public async Task Dashboard_says_which_port_is_taken_and_exits_1()
    {
        using var dir = new TempDirectory();
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var result = await ToolRun.RunAsync(Jobq, ["dashboard", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], dir.Path, Sqlite(dir));
        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.Stderr).StartsWith($"jobq: error: 127.0.0.1:{port} is already in use");
    }

    private static JsonElement Queue(JsonDocument view, string name) =>
        view.RootElement.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("name").GetString() == name);

    // Two waiting emails, and a report job that is dead after its one attempt failed with "disk full".
    private static async Task Seed(TempDirectory dir, Dictionary<string, string?> env)
    {
        await ToolRun.RunAsync(Jobq, ["enqueue", "reports", "{\"report\":7}", "--attempts", "1"], dir.Path, env);
        using (var worker = ToolRun.Start(ToolRun.StartInfo(Jobq, ["work", "reports", "--exec", "echo 'disk full' >&2; exit 3"], dir.Path, env)))
        {
            try
            {
                await WaitFor(async () => (await ToolRun.RunAsync(Jobq, ["list", "--failed"], dir.Path, env)).Stdout.Contains("dead"));
            }
            finally
            {
                await StopOrKill(worker);
            }
        }
        await ToolRun.RunAsync(Jobq, ["enqueue", "emails", "{\"n\":1}"], dir.Path, env);
        await ToolRun.RunAsync(Jobq, ["enqueue", "emails", "{\"n\":2}"], dir.Path, env);
    }

    /// <summary>A running <c>jobq dashboard</c> on a free port; killed if a test leaves it running.</summary>
    private sealed class Dashboard : IAsyncDisposable
    {
        private readonly Process process;

        private Dashboard(Process process, string url)
        {
            this.process = process;
            Url = url;
        }

        public string Url { get; }

        public int ExitCode => process.ExitCode;

        public static async Task<Dashboard> StartAsync(TempDirectory dir, Dictionary<string, string?> env)
        {
            var process = ToolRun.Start(ToolRun.StartInfo(Jobq, ["dashboard", "--port", "0", "--quiet"], dir.Path, env));
            _ = process.StandardError.ReadToEndAsync();
            var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? "";
            // "jobq dashboard on http://127.0.0.1:PORT (store); Ctrl+C stops"
            var url = banner.Split(' ').FirstOrDefault(w => w.StartsWith("http://", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"unexpected banner: '{banner}'");
            _ = process.StandardOutput.ReadToEndAsync();
            return new Dashboard(process, url);
        }

        public Task StopAsync() => Stop(process);

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
