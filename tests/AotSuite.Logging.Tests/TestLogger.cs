using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AotSuite.Logging.Tests;

/// <summary>A logger over a memory sink with a fixed clock, and the lines parsed back.</summary>
internal sealed class TestLogger : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 30, 0, 123, TimeSpan.Zero);

    public TestLogger(string level = "trace", IReadOnlyList<string>? redact = null, string? name = null)
    {
        Logger = Logging.Logger.Create(new LoggerOptions
        {
            Level = level,
            Sink = Sink,
            Redact = redact ?? [],
            Name = name,
            TimeProvider = new ManualClock(Now),
            Environment = static _ => null,
        });
    }

    public MemorySink Sink { get; } = LogSink.Memory();

    public Logger Logger { get; }

    public IReadOnlyList<string> Lines => Sink.Lines;

    public JsonElement Single()
    {
        var lines = Sink.Lines;
        if (lines.Count != 1) throw new InvalidOperationException($"expected one line, got {lines.Count}:\n{string.Join('\n', lines)}");
        return JsonDocument.Parse(lines[0]).RootElement;
    }

    public void Dispose() => Logger.Dispose();
}

/// <summary>A clock the test sets.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
