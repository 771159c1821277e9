namespace AotSuite.Build.BenchReport;

/// <summary>The facts a chart caption needs about this machine, from /proc (Linux only, like the benchmarks).</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = Field("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var memory = Field("/proc/meminfo", "MemTotal") is { } total && long.TryParse(total.Split(' ')[0], out var kb)
            ? $", {kb / (1024 * 1024.0):0} GiB"
            : "";
        return $"{cpu}, {Environment.ProcessorCount} cores{memory}";
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";

    private static string? Field(string file, string name) =>
        File.Exists(file)
            ? File.ReadLines(file).Where(l => l.StartsWith(name, StringComparison.Ordinal)).Select(static l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
            : null;
}
