using AotSuite.Json;

namespace AotSuite.Processes.Manager;

/// <summary>One command to the daemon: a JSON line on the Unix socket.</summary>
[JsonModel(OmitNulls = true)]
public sealed partial class DaemonRequest
{
    /// <summary>start, stop, restart, reload, delete, list, describe, save, resurrect, kill, ping.</summary>
    public string Command { get; set; } = "";

    /// <summary>A name, an id, or "all".</summary>
    public string? Target { get; set; }

    public List<AppSpec>? Apps { get; set; }
}

/// <summary>The daemon's answer: a JSON line.</summary>
[JsonModel(OmitNulls = true)]
public sealed partial class DaemonResponse
{
    public bool Ok { get; set; } = true;

    public string? Error { get; set; }

    public string? Message { get; set; }

    public List<ProcessInfo> Processes { get; set; } = [];

    public int DaemonPid { get; set; }
}

/// <summary>A process as `list` and `describe` show it.</summary>
[JsonModel(OmitNulls = true)]
public sealed partial class ProcessInfo
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public int Instance { get; set; }

    public int Pid { get; set; }

    public string Status { get; set; } = "";

    public int Restarts { get; set; }

    public long UptimeMs { get; set; }

    public double CpuPercent { get; set; }

    public long MemoryBytes { get; set; }

    public int LastExitCode { get; set; }

    public string OutLog { get; set; } = "";

    public string ErrLog { get; set; } = "";

    public AppSpec Spec { get; set; } = new();
}
