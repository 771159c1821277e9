using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AotSuite.AotSmokeTests;

/// <summary>The published minipm2 against real processes: its daemon, crash handling, state recovery, cluster reload.</summary>
public class Minipm2BinaryTests
{
    [Test]
    public async Task Starts_lists_and_stops_a_process_with_the_pm2_table()
    {
        using var pm2 = new Minipm2Sandbox();
        var start = await pm2.OkAsync("start", "--name", "sleeper", "sleep", "600");
        await Assert.That(start.Stdout).Contains("Started sleeper (0)");
        var list = await pm2.OkAsync("list");
        var header = list.Stdout.Split('\n')[0];
        await Assert.That(header).Matches(@"^ID\s+NAME\s+PID\s+STATUS\s+RESTARTS\s+UPTIME\s+CPU\s+MEM$");
        var row = (await pm2.ListAsync()).Single();
        await Assert.That(row.Status).IsEqualTo("online");
        await Assert.That(Minipm2Sandbox.Alive(row.Pid)).IsTrue();
        // exec'd, not wrapped: the pid in the table is sleep's own.
        await Assert.That(File.ReadAllText($"/proc/{row.Pid}/comm").Trim()).IsEqualTo("sleep");
        await pm2.OkAsync("stop", "sleeper");
        await Assert.That((await pm2.ListAsync()).Single().Status).IsEqualTo("stopped");
        await Assert.That(Minipm2Sandbox.Alive(row.Pid)).IsFalse();
        var describe = await pm2.OkAsync("describe", "sleeper");
        await Assert.That(describe.Stdout).Contains("command         sleep 600");
        await pm2.OkAsync("delete", "sleeper");
        await Assert.That(await pm2.ListAsync()).IsEmpty();
    }

    [Test]
    public async Task Restarts_a_process_killed_with_SIGKILL_within_one_second()
    {
        using var pm2 = new Minipm2Sandbox();
        await pm2.OkAsync("start", "--name", "victim", "sleep", "600");
        var before = (await pm2.ListAsync()).Single();
        var statePath = Path.Combine(pm2.StateFolder, "state.json");
        var clock = Stopwatch.StartNew();
        Minipm2Sandbox.Kill(before.Pid);
        // Watch state.json (rewritten at each change) rather than polling the CLI, so the measurement is the daemon's.
        var replaced = TimeSpan.Zero;
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            var text = File.ReadAllText(statePath);
            if (!text.Contains($"\"pid\": {before.Pid},") && System.Text.RegularExpressions.Regex.IsMatch(text, "\"pid\": [1-9]"))
            {
                replaced = clock.Elapsed;
                break;
            }
            await Task.Delay(5);
        }
        await Assert.That(replaced).IsGreaterThan(TimeSpan.Zero);
        await Assert.That(replaced).IsLessThan(TimeSpan.FromSeconds(1));
        var after = (await pm2.ListAsync()).Single();
        await Assert.That(after.Status).IsEqualTo("online");
        await Assert.That(after.Restarts).IsEqualTo(1);
        await Assert.That(Minipm2Sandbox.Alive(after.Pid)).IsTrue();
    }

    [Test]
    public async Task Backs_off_a_crash_loop_and_marks_it_errored_at_the_cap()
    {
        using var pm2 = new Minipm2Sandbox();
        var runs = Path.Combine(pm2.Home, "runs.txt");
        await pm2.OkAsync("start", "--name", "crashy", "--max-restarts", "3", "--min-uptime", "2s", $"date +%s%N >> {runs}; exit 3");
        await Assert.That(await pm2.WaitUntilAsync(static rows => rows.Single().Status == "errored")).IsTrue();
        var row = (await pm2.ListAsync()).Single();
        await Assert.That(row.Restarts).IsEqualTo(3);
        var starts = File.ReadAllLines(runs).Select(static l => long.Parse(l) / 1_000_000).ToList();
        await Assert.That(starts.Count).IsEqualTo(4);
        var gaps = starts.Zip(starts.Skip(1), static (a, b) => b - a).ToList();
        // At least 100, 200, 400 ms of backoff (plus the time each run takes, which a loaded machine stretches).
        await Assert.That(gaps[0]).IsGreaterThanOrEqualTo(95);
        await Assert.That(gaps[1]).IsGreaterThanOrEqualTo(195);
        await Assert.That(gaps[2]).IsGreaterThanOrEqualTo(395);
        await Task.Delay(1000);
        await Assert.That(File.ReadAllLines(runs).Length).IsEqualTo(4);
        var describe = await pm2.OkAsync("describe", "crashy");
        await Assert.That(describe.Stdout).Contains("last exit code  3");
    }

    [Test]
    public async Task A_daemon_killed_with_SIGKILL_is_replaced_by_the_next_call_which_finds_the_saved_state()
    {
        using var pm2 = new Minipm2Sandbox();
        await pm2.OkAsync("start", "--name", "survivor", "sleep", "600");
        await pm2.OkAsync("start", "--name", "other", "sleep", "601");
        var before = await pm2.ListAsync();
        var daemon = pm2.DaemonPid!.Value;
        Minipm2Sandbox.Kill(daemon);
        var clock = Stopwatch.StartNew();
        while (Minipm2Sandbox.Alive(daemon) && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
        var after = await pm2.ListAsync();
        await Assert.That(pm2.DaemonPid).IsNotEqualTo(daemon);
        await Assert.That(after.Select(static r => r.Name)).IsEquivalentTo(["survivor", "other"]);
        // The apps outlived the daemon: the new one adopts them rather than starting copies.
        await Assert.That(after.Select(static r => r.Pid)).IsEquivalentTo(before.Select(static r => r.Pid));
        await Assert.That(after.All(static r => r.Status == "online")).IsTrue();
        // And it still supervises them.
        Minipm2Sandbox.Kill(after[0].Pid);
        await Assert.That(await pm2.WaitUntilAsync(rows => rows[0].Pid != after[0].Pid && rows[0].Status == "online")).IsTrue();
    }

    [Test]
    public async Task Save_kill_and_resurrect_bring_the_apps_back()
    {
        using var pm2 = new Minipm2Sandbox();
        await pm2.OkAsync("start", "--name", "keep", "--env", "GREETING=hi", "echo $GREETING; exec sleep 600");
        await pm2.OkAsync("save");
        var kill = await pm2.OkAsync("kill");
        await Assert.That(kill.Stdout).Contains("stopped");
        await Assert.That(File.Exists(Path.Combine(pm2.StateFolder, "daemon.sock"))).IsFalse();
        var resurrect = await pm2.OkAsync("resurrect");
        await Assert.That(resurrect.Stdout).Contains("resurrected 1 app(s)");
        var row = (await pm2.ListAsync()).Single();
        await Assert.That(row.Name).IsEqualTo("keep");
        await Assert.That(row.Status).IsEqualTo("online");
        var logs = await pm2.OkAsync("logs", "keep", "--lines", "5");
        await Assert.That(logs.Stdout).Contains("| hi");
    }

    [Test]
    public async Task A_bad_ecosystem_file_is_refused_naming_the_file_and_the_field()
    {
        using var pm2 = new Minipm2Sandbox();
        var file = Path.Combine(pm2.Home, "ecosystem.json");
        File.WriteAllText(file, """{ "apps": [ { "name": "api", "script": "sleep 600" }, { "name": "worker", "script": "sleep 600", "instances": 0 } ] }""");
        var range = await pm2.RunAsync("start", "ecosystem.json");
        await Assert.That(range.ExitCode).IsEqualTo(1).Because(range.ToString());
        await Assert.That(range.Stderr).Contains("ecosystem.json: apps[1].instances: 0 is out of range (1..256)");
        File.WriteAllText(file, """{ "apps": [ { "name": "api", "script": "sleep 600", "max_restarts": "many" } ] }""");
        var type = await pm2.RunAsync("start", "ecosystem.json");
        await Assert.That(type.ExitCode).IsEqualTo(1).Because(type.ToString());
        await Assert.That(type.Stderr).Contains("ecosystem.json");
        await Assert.That(type.Stderr).Contains("max_restarts");
        File.WriteAllText(file, """{ "apps": [ { "name": "api" } ] }""");
        var missing = await pm2.RunAsync("start", "ecosystem.json");
        await Assert.That(missing.Stderr).Contains("ecosystem.json: apps[0].script: required");
        await Assert.That(pm2.DaemonPid).IsNull(); // refused before any daemon was started
    }

    [Test]
    public async Task Starts_every_app_of_a_good_ecosystem_file()
    {
        using var pm2 = new Minipm2Sandbox();
        File.WriteAllText(Path.Combine(pm2.Home, "ecosystem.json"),
            """{ "apps": [ { "name": "a", "script": "sleep 600" }, { "name": "b", "script": "sleep", "args": "601", "instances": 2 } ] }""");
        await pm2.OkAsync("start", "ecosystem.json");
        var rows = await pm2.ListAsync();
        await Assert.That(rows.Select(static r => r.Name)).IsEquivalentTo(["a", "b", "b"]);
        await Assert.That(rows.All(static r => r.Status == "online")).IsTrue();
    }

    [Test]
    public async Task Rotates_a_log_file_past_its_size_limit()
    {
        using var pm2 = new Minipm2Sandbox();
        pm2.Environment["MINIPM2_LOG_MAX_BYTES"] = "2000";
        pm2.Environment["MINIPM2_LOG_CHECK_MS"] = "100";
        await pm2.OkAsync("start", "--name", "chatty", "while true; do echo 0123456789012345678901234567890123456789; sleep 0.01; done");
        var log = Path.Combine(pm2.StateFolder, "logs", "chatty-0-out.log");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(log + ".2") && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(50);
        await Assert.That(File.Exists(log + ".1")).IsTrue();
        await Assert.That(File.Exists(log + ".2")).IsTrue();
        await Assert.That(new FileInfo(log).Length).IsLessThan(20_000);
    }

    [Test]
    public async Task An_unknown_process_or_command_is_an_error_with_exit_code()
    {
        using var pm2 = new Minipm2Sandbox();
        var unknown = await pm2.RunAsync("stop", "ghost");
        await Assert.That(unknown.ExitCode).IsEqualTo(1);
        await Assert.That(unknown.Stderr).Contains("no process 'ghost'");
        var typo = await pm2.RunAsync("strat", "x");
        await Assert.That(typo.ExitCode).IsEqualTo(2);
        await Assert.That(typo.Stderr).Contains("unknown command 'strat'");
    }

    [Test]
    public async Task Watch_restarts_the_app_when_a_file_in_its_folder_changes()
    {
        using var pm2 = new Minipm2Sandbox();
        var app = Path.Combine(pm2.Home, "app");
        Directory.CreateDirectory(app);
        await pm2.OkAsync("start", "--name", "watched", "--watch", "--cwd", app, "sleep", "600");
        var before = (await pm2.ListAsync()).Single();
        await Task.Delay(300); // the watcher starts with the app
        File.WriteAllText(Path.Combine(app, "config.json"), "{}");
        await Assert.That(await pm2.WaitUntilAsync(rows => rows.Single() is { Restarts: 1, Status: "online" } row && row.Pid != before.Pid)).IsTrue();
        await Assert.That(Minipm2Sandbox.Alive(before.Pid)).IsFalse();
    }

    [Test]
    public async Task Logs_follow_prints_lines_as_the_app_writes_them()
    {
        using var pm2 = new Minipm2Sandbox();
        await pm2.OkAsync("start", "--name", "ticker", "i=0; while true; do i=$((i+1)); echo tick $i; echo oops $i >&2; sleep 0.1; done");
        var info = ToolRun.StartInfo(ToolBinary.PathOf("minipm2"), ["logs", "ticker", "--lines", "1", "--follow"], pm2.Home, pm2.Environment);
        using var follow = Process.Start(info)!;
        follow.StandardInput.Close();
        var output = new OutputLines(follow);
        try
        {
            await Assert.That(await output.WaitFor(static l => l.StartsWith("ticker-0 | tick", StringComparison.Ordinal), count: 5)).IsTrue().Because(output.ToString());
            await Assert.That(await output.WaitFor(static l => l.StartsWith("ticker-0 | oops", StringComparison.Ordinal), count: 3)).IsTrue().Because(output.ToString());
            Minipm2Sandbox.Kill(follow.Id, "TERM");
            await follow.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await Assert.That(follow.ExitCode).IsEqualTo(0);
        }
        finally
        {
            if (!follow.HasExited) follow.Kill();
        }
    }

    [Test]
    public async Task The_command_list_the_tool_checks_matches_its_help()
    {
        using var pm2 = new Minipm2Sandbox();
        var help = await pm2.OkAsync("--help");
        var listed = help.Stdout.Split('\n').SkipWhile(static l => !l.StartsWith("Commands:", StringComparison.Ordinal)).Skip(1)
            .Where(static l => l.StartsWith("  ", StringComparison.Ordinal))
            .SelectMany(static l => l.Trim().Split("  ")[0].Split(", "))
            .ToList();
        await Assert.That(listed).Contains("start");
        foreach (var command in listed)
        {
            var result = await pm2.RunAsync(command, "--help");
            await Assert.That(result.ExitCode).IsEqualTo(0).Because($"{command}: {result}");
        }
        var typo = await pm2.RunAsync("lst");
        await Assert.That(typo.Stderr).Contains("(commands: start, stop, restart, reload, delete, del, list, ls, status, logs, describe, show, save, resurrect, kill");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Test]
    public async Task Reloads_a_two_instance_http_cluster_under_steady_requests_without_losing_one()
    {
        using var pm2 = new Minipm2Sandbox();
        var port = FreePort();
        var server = Path.Combine(ToolBinary.Artifacts, "bin", "HelloHttp", "HelloHttp");
        await pm2.OkAsync("start", "--name", "web", "-i", "2", "--kill-timeout", "5s", "--", server, "--port", port.ToString(), "--reuse-port");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        var instances = new HashSet<string>();
        while (instances.Count < 2 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                // A fresh connection each time, so the kernel spreads them over both listeners.
                using var request = new HttpRequestMessage(HttpMethod.Get, "/instance") { Headers = { ConnectionClose = true } };
                using var response = await http.SendAsync(request);
                instances.Add((await response.Content.ReadAsStringAsync()).Split(' ')[0]);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50); // not listening yet
            }
        }
        await Assert.That(instances).IsEquivalentTo(["0", "1"]);
        var pidsBefore = (await pm2.ListAsync()).Select(static r => r.Pid).ToList();

        using var stop = new CancellationTokenSource();
        var ok = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        async Task Load(bool freshConnections)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/plaintext");
                    if (freshConnections) request.Headers.ConnectionClose = true;
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.OK && body == "Hello, World!") Interlocked.Increment(ref ok);
                    else failures.Enqueue($"{(int)response.StatusCode} {body}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failures.Enqueue(e.Message + (e.InnerException is { } inner ? " / " + inner.Message : ""));
                }
            }
        }
        var load = new[] { Load(false), Load(false), Load(true), Load(true) };
        await Task.Delay(500);
        var reload = await pm2.RunAsync("reload", "web");
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        await Assert.That(reload.ExitCode).IsEqualTo(0).Because(reload.ToString());
        await Assert.That(failures).IsEmpty();
        await Assert.That(ok).IsGreaterThan(50);
        var after = await pm2.ListAsync();
        await Assert.That(after.All(static r => r.Status == "online")).IsTrue();
        await Assert.That(after.Select(static r => r.Pid).Intersect(pidsBefore)).IsEmpty();
        foreach (var pid in pidsBefore) await Assert.That(Minipm2Sandbox.Alive(pid)).IsFalse();
    }
}
