using System.Text.Json;

namespace AotSuite.AotSmokeTests;

/// <summary>Many <c>task</c> processes changing one store at once: the OS lock must serialise them without losing any.</summary>
public class TaskConcurrencyTests
{
    private const int Processes = 100;

    [Test]
    [NotInParallel]   // alone: 100 processes on top of other tests would only test the machine
    [Timeout(60_000)]
    public async Task A_hundred_simultaneous_adds_all_land_with_ids_1_to_100(CancellationToken cancellationToken)
    {
        using var task = new TaskSandbox();

        // Every process is started before any is awaited, so they race for the lock.
        var runs = Enumerable.Range(1, Processes).Select(i => task.RunAsync(["add", $"Task {i}"], null, TimeSpan.FromSeconds(50))).ToList();
        var results = await Task.WhenAll(runs);

        var failures = results.Where(static r => r.ExitCode != 0).Select(static r => r.ToString()).ToList();
        await Assert.That(failures).IsEmpty();
        var announced = results.Select(static r => int.Parse(r.Stdout.Split(':')[0]["✓ Added task ".Length..], System.Globalization.CultureInfo.InvariantCulture)).Order();
        await Assert.That(announced.SequenceEqual(Enumerable.Range(1, Processes))).IsTrue().Because("each process reports a distinct id");

        var list = await task.MustRunAsync("list", "--json");
        using var json = JsonDocument.Parse(list.Stdout);
        var tasks = json.RootElement.EnumerateArray().ToList();
        await Assert.That(tasks.Count).IsEqualTo(Processes);
        var ids = tasks.Select(static t => t.GetProperty("id").GetInt32()).Order().ToList();
        await Assert.That(ids.SequenceEqual(Enumerable.Range(1, Processes))).IsTrue().Because($"ids were {string.Join(',', ids)}");
        var titles = tasks.Select(static t => t.GetProperty("title").GetString()).ToHashSet();
        var missing = Enumerable.Range(1, Processes).Select(static i => $"Task {i}").Where(t => !titles.Contains(t)).ToList();
        await Assert.That(missing).IsEmpty();
    }
}
