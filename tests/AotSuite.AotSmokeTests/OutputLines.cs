using System.Diagnostics;

namespace AotSuite.AotSmokeTests;

/// <summary>Collects a running process's stdout and stderr line by line, for tests that wait on what a long-running tool prints.</summary>
internal sealed class OutputLines
{
    private readonly List<string> lines = [];

    public OutputLines(Process process)
    {
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines) return [.. lines];
        }
    }

    public override string ToString() => string.Join('\n', Lines);

    public int Count(Func<string, bool> predicate) => Lines.Count(predicate);

    /// <summary>Waits until <paramref name="count"/> lines satisfy <paramref name="predicate"/>; false after <paramref name="timeout"/> (20 s).</summary>
    public async Task<bool> WaitFor(Func<string, bool> predicate, int count = 1, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(20)))
        {
            if (Count(predicate) >= count) return true;
            await Task.Delay(20);
        }
        return Count(predicate) >= count;
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (lines) lines.Add(line);
    }
}
