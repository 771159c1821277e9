using System.Diagnostics;
using System.Text.RegularExpressions;
using AotSuite.Testing.Postgres;

namespace AotSuite.AotSmokeTests;

/// <summary>The published jobq binary: its commands, real worker processes, and a worker killed with SIGKILL.</summary>
[ClassDataSource<PostgresServer>(Shared = SharedType.PerTestSession)]
public partial class JobqBinaryTests(PostgresServer server)
{
    private static string Jobq => ToolBinary.PathOf("jobq");

    private static Dictionary<string, string?> Sqlite(TempDirectory dir) => new() { ["JOBQ_DB"] = dir.Combine("jobs.db"), ["JOBQ_PG"] = null };

    private async Task<Dictionary<string, string?>> Store(string kind, TempDirectory dir, string name) =>
        kind == "sqlite" ? Sqlite(dir) : new() { ["JOBQ_PG"] = await server.CreateDatabaseAsync(name), ["JOBQ_DB"] = null };

    [Test]
    public async Task Links_sqlite_into_the_binary()
    {
        var ldd = await ToolRun.RunAsync("ldd", [Jobq], Path.GetTempPath());
        await Assert.That(ldd.Stdout).DoesNotContain("sqlite");
        await Assert.That(ldd.Stdout).DoesNotContain("libpq");
    }

    [Test]
    public async Task Rejects_an_unknown_command_with_exit_code_2()
    {
        using var dir = new TempDirectory();
        var result = await ToolRun.RunAsync(Jobq, ["enqeue", "q", "{}"], dir.Path, Sqlite(dir));
        await Assert.That(result.ExitCode).IsEqualTo(2);
        await Assert.That(result.Stderr).StartsWith("jobq: error: unknown command 'enqeue'");
    }

    [Test]
    public async Task Rejects_a_negative_prefetch_with_exit_code_2()
    {
        using var dir = new TempDirectory();
        var result = await ToolRun.RunAsync(Jobq, ["work", "q", "--output", dir.Combine("out.jsonl"), "--prefetch", "-1"], dir.Path, Sqlite(dir));
        await Assert.That(result.ExitCode).IsEqualTo(2);
        await Assert.That(result.Stderr).StartsWith("jobq: error: --prefetch -1: must be 0 or more");
    }

    [Test]
    public async Task Enqueues_runs_a_command_per_job_with_the_payload_on_stdin_and_reports_status()
    {
        using var dir = new TempDirectory();
        var env = Sqlite(dir);
        var added = await ToolRun.RunAsync(Jobq, ["enqueue", "emails", "{\"to\":\"ada\"}"], dir.Path, env);
        await Assert.That(added.Stdout).IsEqualTo("✓ enqueued job 1 on 'emails'\n");
        await ToolRun.RunAsync(Jobq, ["enqueue", "emails", "{\"to\":\"later\"}", "--delay", "1h"], dir.Path, env);

        using var worker = ToolRun.Start(ToolRun.StartInfo(Jobq, ["work", "emails", "--exec", "cat > \"job-$JOBQ_JOB_ID.json\""], dir.Path, env));
        try
        {
            await WaitFor(() => File.Exists(dir.Combine("job-1.json")) && File.ReadAllText(dir.Combine("job-1.json")).Length > 0);
            await WaitFor(async () => (await ToolRun.RunAsync(Jobq, ["status"], dir.Path, env)).Stdout.Contains("emails        0        1       0          1"));
        }
        finally
        {
            await StopOrKill(worker);
        }
        await Assert.That(worker.ExitCode).IsEqualTo(0);
        await Assert.That(File.ReadAllText(dir.Combine("job-1.json"))).IsEqualTo("{\"to\":\"ada\"}");
        var status = await ToolRun.RunAsync(Jobq, ["status"], dir.Path, env);
        await Assert.That(status.Stdout).IsEqualTo(
            "QUEUE   WAITING  DELAYED  ACTIVE  COMPLETED  DEAD  CANCELLED\n" +
            "emails        0        1       0          1     0          0\n");
    }

    [Test]
    [Arguments("sqlite")]
    [Arguments("postgres")]
    public async Task Dead_letters_a_poison_job_after_its_attempts_and_retries_it_on_request(string store)
    {
        using var dir = new TempDirectory();
        var env = await Store(store, dir, "jobq_poison");
        await ToolRun.RunAsync(Jobq, ["enqueue", "reports", "{}", "--attempts", "3", "--backoff", "10ms"], dir.Path, env);
        using var worker = ToolRun.Start(ToolRun.StartInfo(Jobq, ["work", "reports", "--exec", "echo 'disk full' >&2; exit 3"], dir.Path, env));
        try
        {
            await WaitFor(async () => (await ToolRun.RunAsync(Jobq, ["list", "--failed"], dir.Path, env)).Stdout.Contains("dead"));
        }
        finally
        {
            await StopOrKill(worker);
        }
        var failed = await ToolRun.RunAsync(Jobq, ["list", "--failed"], dir.Path, env);
        await Assert.That(failed.Stdout).Contains("reports  dead        3/3");
        await Assert.That(failed.Stdout).Contains("exit code 3: disk full");
        var retried = await ToolRun.RunAsync(Jobq, ["retry", "1"], dir.Path, env);
        await Assert.That(retried.Stdout).IsEqualTo("✓ job 1 is waiting again\n");
        var again = await ToolRun.RunAsync(Jobq, ["retry", "1"], dir.Path, env);
        await Assert.That(again.ExitCode).IsEqualTo(1);
        await Assert.That(again.Stderr).StartsWith("jobq: error: job 1 is waiting; only dead or cancelled jobs can be retried");
    }

    [Test]
    [NotInParallel("jobq-workers")]
    [Arguments("sqlite")]
    [Arguments("postgres")]
    public async Task Runs_10000_jobs_across_4_workers_with_one_killed_halfway_each_completed_once(string store)
    {
        using var dir = new TempDirectory();
        var env = await Store(store, dir, "jobq_kill");
        const int total = 10_000;
        var lines = string.Join('\n', Enumerable.Range(0, total).Select(i => $"{{\"n\":{i}}}"));
        var info = ToolRun.StartInfo(Jobq, ["enqueue", "bulk", "-", "--lines"], dir.Path, env);
        using (var enqueue = Process.Start(info)!)
        {
            await enqueue.StandardInput.WriteAsync(lines);
            enqueue.StandardInput.Close();
            await enqueue.WaitForExitAsync();
            await Assert.That(enqueue.ExitCode).IsEqualTo(0);
        }

        var outputs = Enumerable.Range(0, 4).Select(i => dir.Combine($"done-{i}.jsonl")).ToList();
        var workers = outputs
            .Select(output => ToolRun.Start(ToolRun.StartInfo(Jobq, ["work", "bulk", "--output", output, "--concurrency", "8", "--prefetch", "16", "--lease", "2s", "--quiet"], dir.Path, env)))
            .ToList();
        foreach (var w in workers) _ = w.StandardOutput.ReadToEndAsync();
        try
        {
            await WaitFor(() => outputs.Sum(CountLines) >= total / 2, seconds: 240);
            workers[0].Kill(); // SIGKILL: no shutdown, its leases must expire
            await WaitFor(async () => Completed(await ToolRun.RunAsync(Jobq, ["status"], dir.Path, env)) == total, seconds: 240);
        }
        finally
        {
            try
            {
                foreach (var w in workers.Skip(1)) await Stop(w);
            }
            finally
            {
                // Whatever happened above, no worker outlives the test.
                foreach (var w in workers)
                {
                    if (!w.HasExited) w.Kill(entireProcessTree: true);
                    w.Dispose();
                }
            }
        }
        var seen = outputs.SelectMany(File.ReadAllLines).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        await Assert.That(seen.Count).IsEqualTo(total);
        // A line written by the killed worker whose success it never recorded runs again: at most one per slot it had
        // running and one per success waiting to be recorded with its slot already freed (8 + 8 + 16 prefetched).
        await Assert.That(seen.Values.Sum() - total).IsLessThanOrEqualTo(32);
        var status = await ToolRun.RunAsync(Jobq, ["status"], dir.Path, env);
        await Assert.That(status.Stdout).Contains("bulk         0        0       0      10000     0          0");
    }

    private static int CountLines(string path)
    {
        if (!File.Exists(path)) return 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var count = 0;
        var buffer = new byte[65536];
        int read;
        while ((read = stream.Read(buffer)) > 0) count += buffer.AsSpan(0, read).Count((byte)'\n');
        return count;
    }

    private static long Completed(ToolResult status)
    {
        var match = BulkRow().Match(status.Stdout);
        return match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    [GeneratedRegex(@"^bulk\s+\d+\s+\d+\s+\d+\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex BulkRow();

    private static async Task StopOrKill(Process worker)
    {
        try
        {
            await Stop(worker);
        }
        finally
        {
            if (!worker.HasExited) worker.Kill(entireProcessTree: true);
        }
    }

    // SIGTERM, as a service manager stops a worker: it finishes or releases its jobs and exits 0.
    private static async Task Stop(Process worker)
    {
        if (worker.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await worker.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            worker.Kill(entireProcessTree: true);
            throw new TimeoutException("a jobq worker did not stop within 30 s of SIGTERM");
        }
    }

    private static Task WaitFor(Func<bool> condition, int seconds = 30) => WaitFor(() => Task.FromResult(condition()), seconds);

    private static async Task WaitFor(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"condition not met within {seconds} s");
            await Task.Delay(100);
        }
    }
}
