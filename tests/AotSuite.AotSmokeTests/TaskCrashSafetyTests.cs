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
    private const int Iterations = 40;

    [Test]
    [NotInParallel("process-heavy")]
    [Timeout(60_000)]
    public async Task Killing_add_at_random_moments_never_leaves_a_torn_store(CancellationToken cancellationToken)
    {
        using var task = new TaskSandbox();
        // ~500 KB, so parsing, serialising and fsyncing take long enough for kills to land mid-write.
        await File.WriteAllBytesAsync(task.StorePath, TaskStoreJson.WithTasks(InitialTasks), cancellationToken);
        var random = new Random(20261124);   // fixed seed: the same delays on every run
        var count = InitialTasks;
        var killedWhileRunning = 0;

        for (var i = 0; i < Iterations; i++)
        {
            using (var process = ToolRun.Start(task.StartInfo("add", $"Crash {i}")))
            {
                var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
                var delay = random.Next(0, 16);
                if (delay > 0) Thread.Sleep(delay);   // Task.Delay's ~1 ms floor and scheduling noise would blur the spread
                if (!process.HasExited)
                {
                    process.Kill();   // SIGKILL on Unix: no finally blocks, no flush
                    killedWhileRunning++;
                }
                await process.WaitForExitAsync(cancellationToken);
                await Task.WhenAll(stdout, stderr);
            }

            var problem = TaskStoreJson.ShapeProblem(await File.ReadAllBytesAsync(task.StorePath, cancellationToken), out var onDisk);
            await Assert.That(problem).IsNull().Because($"after kill {i}");
            // A killed add either committed or did not; no committed task may ever disappear.
            await Assert.That(onDisk).IsBetween(count, count + 1).Because($"after kill {i}");
            count = onDisk;

            var list = await task.RunAsync("list", "--json");
            await Assert.That(list.ExitCode).IsEqualTo(0).Because($"after kill {i}: {list}");
            using var json = JsonDocument.Parse(list.Stdout);
            await Assert.That(json.RootElement.GetArrayLength()).IsEqualTo(onDisk);
        }

        await Assert.That(count).IsBetween(InitialTasks, InitialTasks + Iterations);
        Console.WriteLine($"{killedWhileRunning} of {Iterations} adds killed while running; {count - InitialTasks} committed");

        // A killed writer may leave its tasks.json.tmp-<pid> behind; that must not get in the way of the next write.
        var after = await task.RunAsync("add", "After the crashes");
        await Assert.That(after.ExitCode).IsEqualTo(0).Because(after.ToString());
        var final = TaskStoreJson.ShapeProblem(await File.ReadAllBytesAsync(task.StorePath, cancellationToken), out var finalCount);
        await Assert.That(final).IsNull();
        await Assert.That(finalCount).IsEqualTo(count + 1);
    }
}
