using System.Text;

namespace AotSuite.Logging.Tests.Sinks;

public class AsyncLogSinkTests
{
    /// <summary>A destination that records batches and can hold the writer thread until released.</summary>
    private sealed class RecordingDestination : ILogDestination
    {
        private readonly MemoryStream written = new();
        public readonly ManualResetEventSlim Gate = new(true);
        public int Batches;

        public bool IsTerminal => false;

        public void Write(ReadOnlySpan<byte> lines)
        {
            Gate.Wait();
            lock (written) written.Write(lines);
            Interlocked.Increment(ref Batches);
        }

        public void Flush()
        {
        }

        public string Text
        {
            get
            {
                lock (written) return Encoding.UTF8.GetString(written.ToArray());
            }
        }

        public void Dispose()
        {
        }
    }

    private static byte[] Line(int i) => Encoding.UTF8.GetBytes($"{{\"i\":{i}}}\n");

    [Test]
    public async Task Writes_every_line_in_order_and_flush_waits_for_them()
    {
        var destination = new RecordingDestination();
        using var sink = new AsyncLogSink(destination, new LogQueueOptions());
        for (var i = 0; i < 10_000; i++) sink.Write(Line(i));
        sink.Flush();
        var lines = destination.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await Assert.That(lines.Length).IsEqualTo(10_000);
        await Assert.That(lines.Select((l, i) => l == $"{{\"i\":{i}}}").All(ok => ok)).IsTrue();
        // Batched: far fewer writes than lines.
        await Assert.That(destination.Batches).IsLessThan(10_000);
    }

    [Test]
    public async Task A_lone_line_reaches_the_destination_without_a_flush_after_the_writer_lingered()
    {
        var destination = new RecordingDestination();
        using var sink = new AsyncLogSink(destination, new LogQueueOptions());
        for (var i = 0; i < 3; i++)
        {
            // Each line finds the writer asleep: it wakes, lingers for more, then writes the one line on its own.
            sink.Write(Line(i));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (destination.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= i && DateTime.UtcNow < deadline) await Task.Delay(5);
            await Assert.That(destination.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length).IsEqualTo(i + 1);
        }
    }

    [Test]
    public async Task Blocks_a_caller_on_a_full_queue_and_loses_nothing()
    {
        var destination = new RecordingDestination();
        destination.Gate.Reset();
        using var sink = new AsyncLogSink(destination, new LogQueueOptions { CapacityBytes = 1024, FullMode = LogQueueFullMode.Block });
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++) sink.Write(Line(i));
        });
        await Task.Delay(200);
        await Assert.That(writer.IsCompleted).IsFalse().Because("the queue holds 1 KiB and the writer thread is held");
        destination.Gate.Set();
        await writer.WaitAsync(TimeSpan.FromSeconds(10));
        sink.Flush();
        await Assert.That(destination.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length).IsEqualTo(2000);
        await Assert.That(sink.DroppedLines).IsEqualTo(0L);
    }

    [Test]
    public async Task Drops_and_counts_lines_on_a_full_queue_and_reports_the_count_in_a_warn_line()
    {
        var destination = new RecordingDestination();
        destination.Gate.Reset();
        using var sink = new AsyncLogSink(destination, new LogQueueOptions { CapacityBytes = 1024, FullMode = LogQueueFullMode.Drop });
        sink.Write(Line(-1));
        await Task.Delay(100); // the writer thread takes that line and waits on the gate
        for (var i = 0; i < 1000; i++) sink.Write(Line(i));
        var dropped = sink.DroppedLines;
        await Assert.That(dropped).IsGreaterThan(0L);
        destination.Gate.Set();
        sink.Flush();
        sink.Write(Line(100_000));
        sink.Flush();
        var lines = destination.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await Assert.That(lines.Length).IsEqualTo(1 + 1000 - (int)dropped + 1 + 1);
        await Assert.That(lines.Any(l => l.Contains("\"level\":40", StringComparison.Ordinal) && l.Contains($"\"dropped\":{dropped}", StringComparison.Ordinal))).IsTrue();
    }

    [Test]
    public async Task Lines_written_after_exit_drained_the_queue_go_straight_to_the_destination()
    {
        var destination = new RecordingDestination();
        using var sink = new AsyncLogSink(destination, new LogQueueOptions());
        for (var i = 0; i < 1000; i++) sink.Write(Line(i));
        sink.Stop(); // what ProcessExit (a normal exit or SIGTERM) does
        await Assert.That(destination.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length).IsEqualTo(1000);
        sink.Write(Line(1000));
        await Assert.That(destination.Text).EndsWith("{\"i\":999}\n{\"i\":1000}\n");
    }

    [Test]
    public async Task After_dispose_later_lines_are_ignored_not_thrown()
    {
        var destination = new RecordingDestination();
        var sink = new AsyncLogSink(destination, new LogQueueOptions());
        sink.Write(Line(1));
        sink.Dispose();
        sink.Write(Line(2));
        await Assert.That(destination.Text).IsEqualTo("{\"i\":1}\n");
    }

    [Test]
    public async Task Many_threads_logging_at_once_lose_no_line_and_split_none()
    {
        var directory = Directory.CreateTempSubdirectory("aotsuite-log-threads-");
        try
        {
            var path = Path.Combine(directory.FullName, "app.log");
            using (var logger = Logger.Create(new LoggerOptions { Sink = LogSink.File(path), Environment = static _ => null }))
            {
                var log = new Generated.AuthLog(logger);
                Parallel.For(0, 4, t =>
                {
                    for (var i = 0; i < 25_000; i++) log.Three(t, "thread", i);
                });
            }
            var lines = File.ReadAllLines(path);
            await Assert.That(lines.Length).IsEqualTo(100_000);
            await Assert.That(lines.All(l => l.StartsWith("{\"level\":30,", StringComparison.Ordinal) && l.EndsWith('}'))).IsTrue();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
