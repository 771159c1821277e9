using System.Diagnostics;

namespace AotSuite.AotSmokeTests;

/// <summary>The published watcher: runs, re-runs and restarts real commands on real file changes.</summary>
public class WatcherBinaryTests
{
    private static (Process Process, OutputLines Output) Start(TempDirectory temp, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var info = ToolRun.StartInfo(ToolBinary.PathOf("watcher"), arguments, temp.Path, environment);
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        return (process, new OutputLines(process));
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        kill.WaitForExit();
    }

    private static bool Alive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private static async Task<bool> WaitUntil(Func<bool> condition, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(20)))
        {
            if (condition()) return true;
            await Task.Delay(20);
        }
        return condition();
    }

    private static async Task Stop(Process process)
    {
        if (!process.HasExited) Signal(process.Id, "TERM");
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Test]
    public async Task Runs_the_command_then_prints_each_change_and_runs_it_again()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("src"));
        var (watcher, output) = Start(temp, null, "--dir", "src", "--exec", "echo ran", "--delay", "50ms");
        try
        {
            await Assert.That(await output.WaitFor(static l => l == "ran")).IsTrue().Because(output.ToString());
            await Assert.That(output.Lines[0]).Matches(@"^\[\d\d:\d\d:\d\d\] Watching src$");
            await Assert.That(output.Lines).Contains(static l => l.EndsWith("] Running: echo ran", StringComparison.Ordinal));
            await Assert.That(await output.WaitFor(static l => l.Contains("Exited with code 0", StringComparison.Ordinal))).IsTrue().Because(output.ToString());
            File.WriteAllText(temp.Combine("src/app.cs"), "class A {}");
            await Assert.That(await output.WaitFor(static l => l == "ran", count: 2)).IsTrue().Because(output.ToString());
            await Assert.That(output.Lines).Contains(static l => l.EndsWith("] Added: src/app.cs", StringComparison.Ordinal));
            File.AppendAllText(temp.Combine("src/app.cs"), "// more");
            await Assert.That(await output.WaitFor(static l => l.EndsWith("] Changed: src/app.cs", StringComparison.Ordinal))).IsTrue().Because(output.ToString());
            File.Delete(temp.Combine("src/app.cs"));
            await Assert.That(await output.WaitFor(static l => l.EndsWith("] Deleted: src/app.cs", StringComparison.Ordinal))).IsTrue().Because(output.ToString());
            await Assert.That(await output.WaitFor(static l => l == "ran", count: 4)).IsTrue().Because(output.ToString());
            await Assert.That(output.ToString()).DoesNotContain("\e[");
        }
        finally
        {
            await Stop(watcher);
        }
    }

    [Test]
    public async Task Counts_only_the_given_extensions_and_skips_ignored_globs()
    {
        using var temp = new TempDirectory();
        var (watcher, output) = Start(temp, null, "--exec", "echo ran", "--ext", "cs,js", "--ignore", "gen/", "--delay", "50ms");
        try
        {
            await Assert.That(await output.WaitFor(static l => l.Contains("Exited with code 0", StringComparison.Ordinal))).IsTrue().Because(output.ToString());
            File.WriteAllText(temp.Combine("notes.txt"), "x");
            Directory.CreateDirectory(temp.Combine("gen"));
            File.WriteAllText(temp.Combine("gen/out.cs"), "x");
            File.WriteAllText(temp.Combine("index.js"), "x");
            await Assert.That(await output.WaitFor(static l => l == "ran", count: 2)).IsTrue().Because(output.ToString());
            await Task.Delay(300);
            var changes = output.Lines.Where(static l => l.Contains("Added:", StringComparison.Ordinal)).ToList();
            await Assert.That(changes.Count).IsEqualTo(1).Because(output.ToString());
            await Assert.That(changes[0]).EndsWith("Added: index.js");
        }
        finally
        {
            await Stop(watcher);
        }
    }

    [Test]
    public async Task Restart_stops_the_whole_process_group_of_a_server_and_starts_it_again()
    {
        using var temp = new TempDirectory();
        // The shell starts a grandchild: a stop that signalled only the shell would leave it running.
        var (watcher, output) = Start(temp, null, "--exec", "sleep 300 & echo $! >> pids; wait", "--restart", "--ext", "cs", "--delay", "50ms");
        try
        {
            var pids = temp.Combine("pids");
            await Assert.That(await WaitUntil(() => File.Exists(pids) && File.ReadAllLines(pids).Length == 1)).IsTrue().Because(output.ToString());
            var first = int.Parse(File.ReadAllLines(pids)[0]);
            await Assert.That(Alive(first)).IsTrue();
            File.WriteAllText(temp.Combine("a.cs"), "x");
            await Assert.That(await WaitUntil(() => File.ReadAllLines(pids).Length == 2)).IsTrue().Because(output.ToString());
            await Assert.That(await WaitUntil(() => !Alive(first))).IsTrue().Because($"pid {first} survived the restart\n{output}");
            var second = int.Parse(File.ReadAllLines(pids)[1]);
            await Assert.That(Alive(second)).IsTrue();
            await Assert.That(output.Lines).Contains(static l => l.Contains("Stopping pid", StringComparison.Ordinal));

            Signal(watcher.Id, "TERM");
            await watcher.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await Assert.That(watcher.ExitCode).IsEqualTo(0);
            await Assert.That(await WaitUntil(() => !Alive(second))).IsTrue().Because($"pid {second} outlived the watcher");
        }
        finally
        {
            await Stop(watcher);
        }
    }

    [Test]
    public async Task Restart_kills_a_command_that_ignores_SIGTERM_after_the_grace_period()
    {
        using var temp = new TempDirectory();
        var (watcher, output) = Start(temp, null, "--exec", "trap '' TERM; sleep 300 & echo $! >> pids; wait", "--restart", "--ext", "cs",
            "--grace", "500ms", "--delay", "50ms");
        try
        {
            var pids = temp.Combine("pids");
            await Assert.That(await WaitUntil(() => File.Exists(pids) && File.ReadAllLines(pids).Length == 1)).IsTrue().Because(output.ToString());
            var first = int.Parse(File.ReadAllLines(pids)[0]);
            var clock = Stopwatch.StartNew();
            File.WriteAllText(temp.Combine("a.cs"), "x");
            await Assert.That(await WaitUntil(() => File.ReadAllLines(pids).Length == 2)).IsTrue().Because(output.ToString());
            await Assert.That(clock.Elapsed).IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(450));
            await Assert.That(Alive(first)).IsFalse();
        }
        finally
        {
            await Stop(watcher);
        }
    }

    [Test]
    public async Task Colours_change_lines_with_FORCE_COLOR_and_never_with_NO_COLOR()
    {
        using var temp = new TempDirectory();
        var (colored, colorOutput) = Start(temp, new Dictionary<string, string?> { ["FORCE_COLOR"] = "1" }, "--exec", "true", "--delay", "50ms");
        try
        {
            await Assert.That(await colorOutput.WaitFor(static l => l.Contains("Running:", StringComparison.Ordinal))).IsTrue();
            await Assert.That(colorOutput.ToString()).Contains("\e[1mRunning:\e[0m");
        }
        finally
        {
            await Stop(colored);
        }
        var (plain, plainOutput) = Start(temp, new Dictionary<string, string?> { ["FORCE_COLOR"] = "1", ["NO_COLOR"] = "1" }, "--exec", "true", "--delay", "50ms");
        try
        {
            await Assert.That(await plainOutput.WaitFor(static l => l.Contains("Exited with code 0", StringComparison.Ordinal))).IsTrue();
            await Assert.That(plainOutput.ToString()).DoesNotContain("\e[");
        }
        finally
        {
            await Stop(plain);
        }
    }

    [Test]
    public async Task A_bad_delay_or_a_missing_folder_is_a_usage_error()
    {
        using var temp = new TempDirectory();
        var delay = await ToolRun.RunAsync(ToolBinary.PathOf("watcher"), ["--exec", "true", "--delay", "soon"], temp.Path);
        await Assert.That(delay.ExitCode).IsEqualTo(2).Because(delay.ToString());
        await Assert.That(delay.Stderr).Contains("watcher: error: bad duration for --delay: 'soon'");
        var folder = await ToolRun.RunAsync(ToolBinary.PathOf("watcher"), ["--exec", "true", "--dir", "nope"], temp.Path);
        await Assert.That(folder.ExitCode).IsEqualTo(2).Because(folder.ToString());
        await Assert.That(folder.Stderr).Contains("--dir nope: no such folder");
    }
}
