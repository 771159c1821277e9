using System.Text;

namespace AotSuite.Logging;

/// <summary>Keeps every line (without its newline) in memory, synchronously: for tests.</summary>
public sealed class MemorySink : LogSink
{
    private readonly List<string> lines = [];

    public override void Write(ReadOnlySpan<byte> line)
    {
        if (line is [.., (byte)'\n']) line = line[..^1];
        var text = Encoding.UTF8.GetString(line);
        lock (lines) lines.Add(text);
    }

    /// <summary>A snapshot of the lines so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines) return [.. lines];
        }
    }

    public void Clear()
    {
        lock (lines) lines.Clear();
    }
}
