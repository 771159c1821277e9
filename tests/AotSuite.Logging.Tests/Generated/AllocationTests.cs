using System.Net;

namespace AotSuite.Logging.Tests.Generated;

/// <summary>The promise: a disabled call and an enabled call to a null or file sink allocate nothing once warm.</summary>
public class AllocationTests
{
    private static long AllocatedBy(Action call)
    {
        for (var i = 0; i < 200; i++) call();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 2000; i++) call();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Test]
    public async Task A_disabled_call_allocates_nothing()
    {
        using var logger = Logger.Create(new LoggerOptions { Level = "warn", Sink = LogSink.Null, Environment = static _ => null });
        var log = new AuthLog(logger);
        await Assert.That(AllocatedBy(() => log.Three(1, "two", 3.5))).IsEqualTo(0L);
    }

    [Test]
    public async Task An_enabled_call_to_the_null_sink_allocates_nothing()
    {
        using var logger = Logger.Create(new LoggerOptions { Level = "info", Sink = LogSink.Null, Environment = static _ => null });
        var log = new AuthLog(logger);
        var ip = IPAddress.Loopback;
        await Assert.That(AllocatedBy(() => log.Three(1, "two", 3.5))).IsEqualTo(0L);
        await Assert.That(AllocatedBy(() => log.SignedIn(42, ip))).IsEqualTo(0L);
    }

    [Test]
    public async Task An_enabled_call_to_a_file_sink_allocates_nothing()
    {
        var directory = Directory.CreateTempSubdirectory("aotsuite-log-alloc-");
        try
        {
            using (var logger = Logger.Create(new LoggerOptions
            {
                Level = "info",
                Sink = LogSink.File(Path.Combine(directory.FullName, "app.log")),
                Environment = static _ => null,
            }))
            {
                var log = new AuthLog(logger);
                // Warm up until the queue's buffers have grown to what this rate needs.
                for (var i = 0; i < 50_000; i++) log.Three(i, "two", 3.5);
                logger.Flush();
                await Assert.That(AllocatedBy(() => log.Three(1, "two", 3.5))).IsEqualTo(0L);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
