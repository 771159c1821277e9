using System.Text;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Tests.Connection;

public class HttpConnectionAllocationTests
{
    private static bool IsOptimized(System.Reflection.Assembly assembly) =>
        assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false) is not [System.Diagnostics.DebuggableAttribute { IsJITOptimizerDisabled: true }];

    private static ValueTask Plaintext(HttpContext context)
    {
        context.Response.AddHeader("Content-Type"u8, "text/plain"u8);
        context.Response.Write("Hello, World!"u8);
        return ValueTask.CompletedTask;
    }

    [Test]
    public async Task Serves_a_warm_keep_alive_request_without_allocating()
    {
        using var connection = new InMemoryConnection(Plaintext);
        var request = Encoding.ASCII.GetBytes("GET /plaintext HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\n\r\n");
        var length = Encoding.ASCII.GetByteCount(connection.First(request));
        for (var i = 0; i < 200; i++) connection.RoundTrip(request, length);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) connection.RoundTrip(request, length);
        var perRequest = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0;

        if (IsOptimized(typeof(HttpServer).Assembly))
        {
            await Assert.That(perRequest).IsEqualTo(0.0);
        }
        else
        {
            // A Debug build compiles every async state machine as a class, so each call allocates one; `build.cs test`
            // runs Release, where the assertion above holds. Here, at least nothing beyond those few objects.
            await Assert.That(perRequest).IsLessThan(2048.0);
        }
    }
}
