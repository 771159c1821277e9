using System.Text.Json.Serialization;
using AotSuite.Json;

namespace AotSuite.Processes.Manager;

/// <summary>
/// One app as `minipm2 start` or an ecosystem file describes it. Field names are PM2's, so an ecosystem.config's
/// `apps` entry reads unchanged (script, args, cwd, instances, env, max_restarts, min_uptime, restart_delay, kill_timeout, watch).
/// </summary>
[JsonModel(OmitNulls = true)]
public sealed partial class AppSpec
{
    public string Name { get; set; } = "";

    /// <summary>The command line, run through /bin/sh -c.</summary>
    public string Script { get; set; } = "";

    /// <summary>Appended to <see cref="Script"/>.</summary>
    public string? Args { get; set; }

    public string? Cwd { get; set; }

    /// <summary>Cluster mode: this many copies, each with INSTANCE_ID 0..N-1 (servers share the port with SO_REUSEPORT).</summary>
    public int Instances { get; set; } = 1;

    public Dictionary<string, string> Env { get; set; } = [];

    /// <summary>Unstable restarts (each within <see cref="MinUptimeMs"/> of its start) before the app is marked errored.</summary>
    [JsonPropertyName("max_restarts")]
    public int MaxRestarts { get; set; } = 15;

    /// <summary>A run shorter than this counts as a failed start.</summary>
    [JsonPropertyName("min_uptime")]
    public int MinUptimeMs { get; set; } = 1000;

    /// <summary>Fixed wait before every restart; failed starts add an exponential backoff on top (100 ms doubling, up to 15 s).</summary>
    [JsonPropertyName("restart_delay")]
    public int RestartDelayMs { get; set; }

    /// <summary>Between SIGTERM and SIGKILL on stop.</summary>
    [JsonPropertyName("kill_timeout")]
    public int KillTimeoutMs { get; set; } = 1600;

    /// <summary>Restart when files under <see cref="Cwd"/> change.</summary>
    public bool Watch { get; set; }

    public string CommandLine => string.IsNullOrWhiteSpace(Args) ? Script : $"{Script} {Args}";

    public AppSpec Clone() => new()
    {
        Name = Name, Script = Script, Args = Args, Cwd = Cwd, Instances = Instances, Env = new Dictionary<string, string>(Env),
        MaxRestarts = MaxRestarts, MinUptimeMs = MinUptimeMs, RestartDelayMs = RestartDelayMs, KillTimeoutMs = KillTimeoutMs, Watch = Watch,
    };
}

/// <summary>An ecosystem file: <c>{ "apps": [ ... ] }</c>.</summary>
[JsonModel]
public sealed partial class EcosystemFile
{
    public List<AppSpec> Apps { get; set; } = [];
}
