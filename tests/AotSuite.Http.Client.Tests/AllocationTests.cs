using AotSuite.Http.Client.Tests.Peers;

namespace AotSuite.Http.Client.Tests;

/// <summary>What one warm request costs the heap, client and our server together (both in this process).</summary>
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

        const int Requests = 5000;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Requests; i++) await client.GetStringAsync(url);
        var perRequest = (GC.GetTotalAllocatedBytes(precise: true) - before) / Requests;

        Console.WriteLine($"allocated per request: {perRequest} B");
        // The string result (~60 B), the request, the response and the scope's timer; HttpClient allocates ~2.5 KB here.
        await Assert.That(perRequest).IsLessThan(1024L);
    }
}
