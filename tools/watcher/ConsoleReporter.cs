using System.Globalization;
using AotSuite.Cli;
using AotSuite.Processes.Rerun;
using AotSuite.Watching;

namespace AotSuite.Tools.Watcher;

/// <summary>One timestamped line per event: <c>[14:02:15] Changed: src/app.cs</c>, <c>[14:02:15] Running: npm test</c>.</summary>
internal sealed class ConsoleReporter(CliOutput output, bool clear) : IRerunReporter
{
    private readonly Lock gate = new();

    public void Watching(IReadOnlyList<string> roots, IReadOnlyList<string> extensions, bool polling)
    {
        var what = extensions.Count > 0 ? $" for .{string.Join(", .", extensions)}" : "";
        Line($"Watching {string.Join(", ", roots)}{what}{(polling ? " (polling)" : "")}");
    }

    public void Changed(FileChangeView change)
    {
        var (label, paint) = change.Kind switch
        {
            FileChangeKind.Added => ("Added", (Func<string, string>)output.Green),
            FileChangeKind.Deleted => ("Deleted", output.Red),
            FileChangeKind.Renamed => ("Renamed", output.Yellow),
            _ => ("Changed", output.Yellow),
        };
        var path = change.Kind == FileChangeKind.Renamed ? $"{change.OldPath} -> {change.Path}" : change.Path;
        Line($"{paint(label + ":")} {path}{(change.IsDirectory ? "/" : "")}");
    }

    public void Running(string command)
    {
        if (clear)
        {
            lock (gate) output.Writer.Write("\e[2J\e[3J\e[H");
        }
        Line($"{output.Bold("Running:")} {command}");
    }

    public void Stopping(int pid) => Line($"Stopping pid {pid.ToString(CultureInfo.InvariantCulture)}");

    public void Exited(int exitCode, TimeSpan elapsed, bool waitingForChanges)
    {
        var status = exitCode == 0 ? output.Green("Exited with code 0") : output.Red($"Exited with code {exitCode.ToString(CultureInfo.InvariantCulture)}");
        Line($"{status} after {CliDuration.Format(elapsed)}{(waitingForChanges ? "; waiting for changes" : "")}");
    }

    public void Warning(string message) => Line(output.Yellow("warning:") + " " + message);

    private void Line(string text)
    {
        lock (gate)
        {
            output.Writer.WriteLine($"[{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {text}");
            output.Writer.Flush();
        }
    }
}
