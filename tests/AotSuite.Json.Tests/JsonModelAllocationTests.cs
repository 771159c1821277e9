using System.Buffers;
using System.Text.Json;

namespace AotSuite.Json.Tests;

public class JsonModelAllocationTests
{
    [Test]
    public async Task Writes_a_warm_model_without_allocating()
    {
        var shape = new Shape
        {
            Name = "kite",
            Points = [new Point(1, 2), new Point(3, 4)],
            Center = new Point(0, 0),
            Weights = new() { ["a"] = 1 },
            Due = new DateOnly(2026, 12, 24),
            Ttl = TimeSpan.FromSeconds(5),
        };
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        void WriteOnce()
        {
            buffer.ResetWrittenCount();
            writer.Reset();
            Shape.WriteJson(writer, shape);
            writer.Flush();
        }

        for (var i = 0; i < 100; i++) WriteOnce();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) WriteOnce();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        await Assert.That(allocated).IsEqualTo(0L);
    }
}
