using System.Collections.Concurrent;
using AotSuite.Processes.Rerun;

namespace AotSuite.Processes.Tests;

public class RerunLoopTests
{
    private sealed class Recorder : IRerunReporter
    {
        public ConcurrentQueue<string> Events { get; } = new();

        public void Watching(IReadOnlyList<string> roots, IReadOnlyList<string> extensions, bool polling) => Events.Enqueue("watching");

        public void Changed(FileChangeView change) => Events.Enqueue($"{change.Kind} {change.Path}");

        public void Running(string command) => Events.Enqueue("running");

        public void Stopping(int pid) => Events.Enqueue("stopping");

        public void Exited(int exitCode, TimeSpan elapsed, bool waitingForChanges) => Events.Enqueue($"exited {exitCode}");

        public void Warning(string message) => Events.Enqueue($"warning {message}");

        public int Count(string text) => Events.Count(e => e == text);
    }

    private static (Task<int> Loop, CancellationTokenSource Stop, Recorder Reporter, RerunLoop Runner) Start(string folder, string command, RerunOptions options)
    {
        var reporter = new Recorder();
        var stop = new CancellationTokenSource();
        var runner = new RerunLoop(command, options with { Roots = [folder], Delay = TimeSpan.FromMilliseconds(30) }, reporter);
        return (runner.RunAsync(stop.Token), stop, reporter, runner);
    }

    [Test]
    public async Task Runs_at_start_and_once_more_per_burst_of_relevant_changes()
    {
        var folder = Eventually.TempFolder();
        var (loop, stop, reporter, _) = Start(folder, "exit 3", new RerunOptions { Extensions = ["cs"] });
        await Assert.That(await Eventually.True(() => reporter.Count("exited 3") == 1)).IsTrue();
        File.WriteAllText(Path.Combine(folder, "readme.md"), "ignored by --ext");
        File.WriteAllText(Path.Combine(folder, "a.cs"), "1");
        File.WriteAllText(Path.Combine(folder, "b.cs"), "2");
        await Assert.That(await Eventually.True(() => reporter.Count("exited 3") == 2)).IsTrue();
        await Task.Delay(300);
        await Assert.That(reporter.Count("running")).IsEqualTo(2);
        await Assert.That(reporter.Events).Contains("Added " + folder + "/a.cs");
        await Assert.That(reporter.Events.Any(static e => e.Contains("readme", StringComparison.Ordinal))).IsFalse();
        await stop.CancelAsync();
        await Assert.That(await loop.WaitAsync(Eventually.Patience)).IsEqualTo(3);
        Directory.Delete(folder, true);
    }

    [Test]
    public async Task Without_restart_a_change_during_a_run_queues_one_run_after_it()
    {
        var folder = Eventually.TempFolder();
        var marker = Path.Combine(folder, "go");
        var (loop, stop, reporter, _) = Start(folder, $"while [ ! -e {marker} ]; do sleep 0.02; done", new RerunOptions { Ignore = ["go"] });
        await Assert.That(await Eventually.True(() => reporter.Count("running") == 1)).IsTrue();
        File.WriteAllText(Path.Combine(folder, "x.txt"), "1");
        await Assert.That(await Eventually.True(() => reporter.Events.Contains("Added " + folder + "/x.txt"))).IsTrue();
        await Assert.That(reporter.Count("running")).IsEqualTo(1);
        File.WriteAllText(marker, "");
        await Assert.That(await Eventually.True(() => reporter.Count("running") == 2)).IsTrue();
        await stop.CancelAsync();
        await loop.WaitAsync(Eventually.Patience);
        Directory.Delete(folder, true);
    }

    [Test]
    public async Task With_restart_a_change_stops_the_running_command_and_starts_it_again()
    {
        var folder = Eventually.TempFolder();
        var (loop, stop, reporter, runner) = Start(folder, "sleep 600", new RerunOptions { Restart = true });
        await Assert.That(await Eventually.True(() => runner.Current is not null)).IsTrue();
        var first = runner.Current!;
        File.WriteAllText(Path.Combine(folder, "server.js"), "1");
        await Assert.That(await Eventually.True(() => runner.Current is { } c && c != first)).IsTrue();
        await Assert.That(await first.Exited.WaitAsync(Eventually.Patience)).IsEqualTo(128 + 15);
        var second = runner.Current!;
        await stop.CancelAsync();
        await loop.WaitAsync(Eventually.Patience);
        await Assert.That(second.HasExited).IsTrue();
        await Assert.That(reporter.Count("stopping")).IsEqualTo(2);
        Directory.Delete(folder, true);
    }
}
