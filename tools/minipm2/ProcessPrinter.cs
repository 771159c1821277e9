using System.Globalization;
using AotSuite.Cli;
using AotSuite.Processes.Manager;

namespace AotSuite.Tools.Minipm2;

/// <summary>The process table (`list`) and the key/value block (`describe`).</summary>
internal static class ProcessPrinter
{
    public static void Table(CliOutput output, IReadOnlyList<ProcessInfo> processes)
    {
        if (processes.Count == 0)
        {
            output.WriteLine("no processes (minipm2 start <command> starts one)");
            return;
        }
        var table = new CliTable(">ID", "NAME", ">PID", "STATUS", ">RESTARTS", ">UPTIME", ">CPU", ">MEM");
        foreach (var p in processes)
        {
            table.Add(p.Id.ToString(CultureInfo.InvariantCulture), p.Name, p.Pid > 0 ? p.Pid.ToString(CultureInfo.InvariantCulture) : "-",
                Status(output, p.Status), p.Restarts.ToString(CultureInfo.InvariantCulture),
                p.Status == ProcessStatus.Online ? CliDuration.Format(TimeSpan.FromMilliseconds(p.UptimeMs)) : "-",
                p.CpuPercent.ToString("0.0", CultureInfo.InvariantCulture) + "%", Bytes(p.MemoryBytes));
        }
        table.Write(output.Writer, output.Bold);
    }

    public static void Describe(CliOutput output, ProcessInfo p)
    {
        var rows = new (string, string)[]
        {
            ("name", p.Name), ("id", p.Id.ToString(CultureInfo.InvariantCulture)), ("status", Status(output, p.Status)),
            ("pid", p.Pid.ToString(CultureInfo.InvariantCulture)), ("instance", p.Instance.ToString(CultureInfo.InvariantCulture)),
            ("command", p.Spec.CommandLine), ("cwd", p.Spec.Cwd ?? ""), ("restarts", p.Restarts.ToString(CultureInfo.InvariantCulture)),
            ("uptime", CliDuration.Format(TimeSpan.FromMilliseconds(p.UptimeMs))), ("last exit code", p.LastExitCode.ToString(CultureInfo.InvariantCulture)),
            ("cpu", p.CpuPercent.ToString("0.0", CultureInfo.InvariantCulture) + "%"), ("memory", Bytes(p.MemoryBytes)),
            ("max restarts", p.Spec.MaxRestarts.ToString(CultureInfo.InvariantCulture)), ("min uptime", $"{p.Spec.MinUptimeMs}ms"),
            ("restart delay", $"{p.Spec.RestartDelayMs}ms"), ("kill timeout", $"{p.Spec.KillTimeoutMs}ms"), ("watch", p.Spec.Watch ? "yes" : "no"),
            ("out log", p.OutLog), ("error log", p.ErrLog),
        };
        var width = rows.Max(static r => r.Item1.Length);
        foreach (var (key, value) in rows) output.WriteLine($"{output.Bold(key.PadRight(width))}  {value}");
    }

    private static string Status(CliOutput output, string status) => status switch
    {
        ProcessStatus.Online => output.Green(status),
        ProcessStatus.Errored => output.Red(status),
        _ => output.Yellow(status),
    };

    private static string Bytes(long bytes) => bytes switch
    {
        0 => "-",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        < 1024L * 1024 * 1024 => (bytes / 1024.0 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / 1024.0 / 1024 / 1024).ToString("0.00", CultureInfo.InvariantCulture) + " GB",
    };
}
