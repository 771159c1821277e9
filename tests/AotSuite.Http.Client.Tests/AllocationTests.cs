using AotSuite.Http.Client.Tests.Peers;

namespace AotSuite.Http.Client.Tests;

/// <summary>What one warm request costs the heap, client and our server together (both in this process).</summary>
// The counter is process-wide: other tests running beside this one would be counted too.
[NotInParallel]
public class AllocationTests
{
    // Alone: the count is process-wide, and a test streaming megabytes beside it would be counted too.
    [Test, NotInParallel]
    public async Task Allocates_little_per_warm_keep_alive_request()
    {
        await using var server = new OurServer();
        await using var client = new FetchClient();
        var url = server.Url("/plaintext");
        for (var i = 0; i < 2000; i++) await client.GetStringAsync(url);

        // The best of three windows: a window that catches a background timer's work (the Date refresh, the pool's idle
        // sweep) says nothing about the request path.
        const int Requests = 2000;
        var perRequest = long.MaxValue;
        for (var window = 0; window < 3; window++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < Requests; i++) await client.GetStringAsync(url);
            perRequest = Math.Min(perRequest, (GC.GetTotalAllocatedBytes(precise: true) - before) / Requests);
        }

        Console.WriteLine($"allocated per request: {perRequest} B");
        // The string result (~60 B), the request, the response and the scope's timer; HttpClient allocates ~2.5 KB here.
        await Assert.That(perRequest).IsLessThan(1024L);
    }
}
