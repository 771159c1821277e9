using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// A temp HOME for minipm2 (its daemon, state and logs live in HOME/.aotsuite/pm2) and the cleanup that guarantees no
/// process outlives the test: `minipm2 kill`, then SIGKILL for the daemon and every process group it recorded.
/// </summary>
internal sealed partial class Minipm2Sandbox : IDisposable
{
    public TempDirectory Temp { get; } = new();

    public string Home => Temp.Path;

    public string StateFolder => Path.Combine(Home, ".aotsuite", "pm2");

    public Dictionary<string, string?> Environment { get; } = [];

    public Task<ToolResult> RunAsync(params string[] arguments) => ToolRun.RunAsync(ToolBinary.PathOf("minipm2"), arguments, Home, Environment);

    /// <summary>Runs and requires exit 0.</summary>
    public async Task<ToolResult> OkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        return result.ExitCode == 0 ? result : throw new InvalidOperationException($"minipm2 {string.Join(' ', arguments)}: {result}");
    }

    public int? DaemonPid => File.Exists(Path.Combine(StateFolder, "daemon.pid")) && int.TryParse(File.ReadAllText(Path.Combine(StateFolder, "daemon.pid")), out var pid) ? pid : null;

    /// <summary>The rows of `minipm2 list`: id, name, pid, status, restarts.</summary>
    public async Task<List<(int Id, string Name, int Pid, string Status, int Restarts)>> ListAsync()
    {
        var result = await OkAsync("list");
        var rows = new List<(int, string, int, string, int)>();
        foreach (var line in result.Stdout.Split('\n').Skip(1))
        {
            var match = Row().Match(line);
            if (!match.Success) continue;
            rows.Add((int.Parse(match.Groups[1].Value), match.Groups[2].Value, match.Groups[3].Value == "-" ? 0 : int.Parse(match.Groups[3].Value),
                match.Groups[4].Value, int.Parse(match.Groups[5].Value)));
        }
        return rows;
    }

    public async Task<bool> WaitUntilAsync(Func<List<(int Id, string Name, int Pid, string Status, int Restarts)>, bool> condition, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(20)))
        {
            if (condition(await ListAsync())) return true;
            await Task.Delay(50);
        }
        return false;
    }

    [GeneratedRegex(@"^\s*(\d+)\s+(\S+)\s+(\d+|-)\s+(\S+)\s+(\d+)\s")]
    private static partial Regex Row();

    public static bool Alive(int pid) =>
        pid > 0 && File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z');

    public static void Kill(int pid, string signal = "KILL")
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", "--", pid.ToString()]) { RedirectStandardError = true })!;
        kill.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            RunAsync("kill").Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // Falls through to the forced cleanup.
        }
        if (DaemonPid is { } daemon && Alive(daemon)) Kill(daemon);
        var state = Path.Combine(StateFolder, "state.json");
        if (File.Exists(state))
        {
            foreach (Match pid in PidField().Matches(File.ReadAllText(state)))
            {
                var value = int.Parse(pid.Groups[1].Value);
                if (value > 0) Kill(-value); // the process group
            }
        }
        Temp.Dispose();
    }

    [GeneratedRegex(@"""pid"":\s*(\d+)")]
    private static partial Regex PidField();
}
