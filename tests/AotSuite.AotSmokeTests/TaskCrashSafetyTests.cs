using System.Diagnostics;
using System.Text.Json;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// SIGKILL at a random moment of a write: the store is replaced by rename, so a reader must always find either the old
/// or the new file, never a torn one, and the next write must work.
/// </summary>
public class TaskCrashSafetyTests
{
    private const int InitialTasks = 2_000;
    private const int CalibrationAdds = 3;
    private const int Iterations = 40;

    [Test]
    [NotInParallel]   // alone: other tests' load would skew the calibrated kill timing
    [Timeout(60_000)]
    public async Task Killing_add_at_random_moments_never_leaves_a_torn_store(CancellationToken cancellationToken)
    {
        using var task = new TaskSandbox();
        var initial = await PrefillAsync(task, cancellationToken);
        var count = initial;

        var (spanMs, killed) = await KillLoopAsync(task, Iterations, seed: 20261124, async i =>
        {
            var problem = TaskStoreJson.ShapeProblem(await File.ReadAllBytesAsync(task.StorePath, cancellationToken), out var onDisk);
            await Assert.That(problem).IsNull().Because($"store after kill {i}");
            // A killed add either committed or did not; a task that was committed may never disappear.
            await Assert.That(onDisk).IsBetween(count, count + 1).Because($"task count after kill {i}");
            count = onDisk;

            var list = await task.RunAsync("list", "--json");
            await Assert.That(list.ExitCode).IsEqualTo(0).Because($"list after kill {i}: {list}");
            using var json = JsonDocument.Parse(list.Stdout);
            await Assert.That(json.RootElement.GetArrayLength()).IsEqualTo(onDisk);
        }, cancellationToken);

        await Assert.That(count).IsBetween(initial, initial + Iterations);
        Console.WriteLine($"kills spread over 0-{spanMs} ms; {killed} of {Iterations} adds killed while running; "
            + $"{count - initial} committed; temp files left: {Directory.GetFiles(task.Home, "tasks.json.tmp-*").Length}");

        // A killed writer may leave its tasks.json.tmp-<pid> behind; that must not get in the way of the next write.
        var after = await task.RunAsync("add", "After the crashes");
        await Assert.That(after.ExitCode).IsEqualTo(0).Because(after.ToString());
        var final = TaskStoreJson.ShapeProblem(await File.ReadAllBytesAsync(task.StorePath, cancellationToken), out var finalCount);
        await Assert.That(final).IsNull();
        await Assert.That(finalCount).IsEqualTo(count + 1);
    }

    /// <summary>
    /// The corrupt-store error calls tasks.json.bak "the previous good copy", so a kill must not leave a torn one
    /// either: the backup has to be replaced as atomically as the store.
    /// </summary>
    [Test]
    [NotInParallel]   // alone: other tests' load would skew the calibrated kill timing
    [Timeout(60_000)]
    public async Task Killing_add_at_random_moments_never_leaves_a_torn_backup(CancellationToken cancellationToken)
    {
        using var task = new TaskSandbox();
        await PrefillAsync(task, cancellationToken);

        // More kills than the store test: the .bak copy is ~3 ms of a ~30 ms run, so 40 kills can miss it.
        await KillLoopAsync(task, Iterations * 2, seed: 4242, async i =>
        {
            if (!File.Exists(task.BackupPath)) return;
            var backup = await File.ReadAllBytesAsync(task.BackupPath, cancellationToken);
            var problem = TaskStoreJson.ShapeProblem(backup, out _);
            await Assert.That(problem).IsNull().Because($"tasks.json.bak after kill {i} ({backup.Length} bytes)");
        }, cancellationToken);
    }

    /// <summary>Writes <see cref="InitialTasks"/> tasks (~500 KB, so a write takes long enough for kills to land inside
    /// it); returns the count the kill loop starts from, after its <see cref="CalibrationAdds"/> uninterrupted adds.</summary>
    private static async Task<int> PrefillAsync(TaskSandbox task, CancellationToken cancellationToken)
    {
        await File.WriteAllBytesAsync(task.StorePath, TaskStoreJson.WithTasks(InitialTasks), cancellationToken);
        return InitialTasks + CalibrationAdds;
    }

    /// <summary>
    /// Starts <paramref name="iterations"/> adds, SIGKILLs each after a seeded random delay, and runs <paramref name="check"/>
    /// after each one. A whole add takes ~30 ms here and the write is its last few ms, so a fixed 0-15 ms window would
    /// only ever hit start-up and parsing; the delays are spread over the measured run time instead, which also hits the
    /// .bak copy, the temp file write, the fsync and the rename.
    /// </summary>
    private static async Task<(int SpanMs, int Killed)> KillLoopAsync(TaskSandbox task, int iterations, int seed, Func<int, Task> check,
        CancellationToken cancellationToken)
    {
        var spanMs = Math.Max(15, await UninterruptedAddMillisecondsAsync(task));
        var random = new Random(seed);   // fixed seed: the same sequence of delays on every run
        var killed = 0;
        for (var i = 0; i < iterations; i++)
        {
            using (var process = ToolRun.Start(task.StartInfo("add", $"Crash {i}")))
            {
                var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
                var delay = random.Next(0, spanMs + 1);
                // Thread.Sleep, not Task.Delay: the timer's granularity would blur the spread.
                if (delay > 0) Thread.Sleep(delay);
                if (!process.HasExited)
                {
                    process.Kill();   // SIGKILL on Unix: no finally blocks, no flush; only the kernel drops the lock
                    killed++;
                }
                await process.WaitForExitAsync(cancellationToken);
                await Task.WhenAll(stdout, stderr);
            }
            await check(i);
        }
        return (spanMs, killed);
    }

    /// <summary>The median wall time of <see cref="CalibrationAdds"/> adds that run to the end, in whole milliseconds.</summary>
    private static async Task<int> UninterruptedAddMillisecondsAsync(TaskSandbox task)
    {
        var times = new List<double>();
        for (var i = 0; i < CalibrationAdds; i++)
        {
            var clock = Stopwatch.StartNew();
            await task.MustRunAsync("add", $"Calibration {i}");
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (int)Math.Ceiling(times[times.Count / 2]);
    }
}
