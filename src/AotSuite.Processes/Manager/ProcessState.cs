using AotSuite.Json;

namespace AotSuite.Processes.Manager;

/// <summary>One managed process as the daemon persists it (state.json), so a daemon started after a crash carries on.</summary>
[JsonModel(OmitNulls = true)]
public sealed partial class ProcessState
{
    public int Id { get; set; }

    public AppSpec Spec { get; set; } = new();

    /// <summary>0..instances-1, exported as INSTANCE_ID and NODE_APP_INSTANCE.</summary>
    public int Instance { get; set; }

    public string Status { get; set; } = ProcessStatus.Stopped;

    public int Pid { get; set; }

    /// <summary>/proc start ticks of <see cref="Pid"/>: a later process that reuses the pid is not mistaken for ours.</summary>
    public long PidStartTicks { get; set; }

    public long StartedAtUnixMs { get; set; }

    public int Restarts { get; set; }

    /// <summary>Consecutive failed starts (runs shorter than min_uptime).</summary>
    public int UnstableRestarts { get; set; }

    public int LastExitCode { get; set; }
}

/// <summary>The daemon's whole state file.</summary>
[JsonModel]
public sealed partial class StateDocument
{
    public int Version { get; set; } = 1;

    public int NextId { get; set; }

    public List<ProcessState> Processes { get; set; } = [];
}

/// <summary>What `save` writes and `resurrect` reads: the apps, not their pids.</summary>
[JsonModel]
public sealed partial class DumpDocument
{
    public List<AppSpec> Apps { get; set; } = [];
}

public static class ProcessStatus
{
    public const string Online = "online";
    public const string Launching = "launching";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";
    public const string Errored = "errored";
}
