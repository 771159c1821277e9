using System.Text.Json;
using Microsoft.Extensions.Logging;
using ZLogger;

namespace AotSuite.Logging.Tests.Format;

/// <summary>ILogger calls routed through a ZLogger provider come out in the same pino format.</summary>
public class PinoZLoggerFormatterTests
{
    [Test]
    public async Task Formats_an_ilogger_call_as_a_pino_line()
    {
        var stream = new MemoryStream();
        using (var factory = LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Trace);
            builder.AddZLoggerStream(stream, options => options.UsePinoFormatter());
        }))
        {
            var logger = factory.CreateLogger("Orders");
            var id = 42;
            var who = "ann";
            logger.ZLogWarning($"Order {id} held for {who}");
        }
        var line = System.Text.Encoding.UTF8.GetString(stream.ToArray()).TrimEnd('\n');
        var json = JsonDocument.Parse(line).RootElement;
        await Assert.That(json.GetProperty("level").GetInt32()).IsEqualTo(40);
        await Assert.That(json.GetProperty("pid").GetInt32()).IsEqualTo(Environment.ProcessId);
        await Assert.That(json.GetProperty("name").GetString()).IsEqualTo("Orders");
        await Assert.That(json.GetProperty("msg").GetString()).IsEqualTo("Order 42 held for ann");
        await Assert.That(json.GetProperty("id").GetInt32()).IsEqualTo(42);
        await Assert.That(json.GetProperty("who").GetString()).IsEqualTo("ann");
        await Assert.That(string.Join(",", json.EnumerateObject().Select(p => p.Name).Take(6))).IsEqualTo("level,time,pid,hostname,name,msg");
    }
}
