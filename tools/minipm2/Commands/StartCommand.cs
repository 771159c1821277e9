using AotSuite.Cli;
using AotSuite.Native;
using AotSuite.Processes.Manager;
using ConsoleAppFramework;

namespace AotSuite.Tools.Minipm2.Commands;

[RegisterCommands]
internal sealed class StartCommand
{
    /// <summary>Start a command (run through /bin/sh -c) or every app of an ecosystem .json file, and keep it running.</summary>
    /// <param name="script">The command line, or an ecosystem file (ecosystem.json).</param>
    /// <param name="name">-n, Name to manage it by (default: the script's file name).</param>
    /// <param name="instances">-i, Cluster mode: run N copies, each with INSTANCE_ID=0..N-1 (servers share their port through SO_REUSEPORT).</param>
    /// <param name="env">Extra environment, comma-separated K=V pairs.</param>
    /// <param name="maxRestarts">Failed starts in a row (runs shorter than --min-uptime) before the app is marked errored.</param>
    /// <param name="restartDelay">Wait before each restart (200ms, 1s); failed starts add 100 ms doubling up to 15 s.</param>
    /// <param name="minUptime">A run shorter than this counts as a failed start.</param>
    /// <param name="killTimeout">Time between SIGTERM and SIGKILL when stopping.</param>
    /// <param name="watch">Restart when files under the working folder change.</param>
    /// <param name="cwd">Working folder (default: the current one).</param>
    public async Task<int> Start(string? name = null, int instances = 1, string[]? env = null, int maxRestarts = 15, string restartDelay = "0ms",
        string minUptime = "1s", string killTimeout = "1600ms", bool watch = false, string? cwd = null, CancellationToken cancellationToken = default,
        [Argument] params string[] script)
    {
        var commandLine = string.Join(' ', script).Trim();
        if (commandLine.Length == 0) throw CliException.Usage("missing command (minipm2 start \"node server.js\" or minipm2 start ecosystem.json)");
        List<AppSpec> apps;
        if (script.Length == 1 && commandLine.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(commandLine))
        {
            try
            {
                apps = [.. Ecosystem.Load(commandLine)];
            }
            catch (EcosystemException e)
            {
                throw new CliException(e.Message);
            }
            foreach (var app in apps) app.Env = Inherited(app.Env);
        }
        else
        {
            var app = new AppSpec
            {
                Name = name ?? Ecosystem.DefaultName(commandLine),
                Script = commandLine,
                Cwd = Path.GetFullPath(cwd ?? "."),
                Instances = instances,
                Env = Inherited(Pairs(env ?? [])),
                MaxRestarts = maxRestarts,
                RestartDelayMs = Milliseconds("--restart-delay", restartDelay),
                MinUptimeMs = Milliseconds("--min-uptime", minUptime),
                KillTimeoutMs = Milliseconds("--kill-timeout", killTimeout),
                Watch = watch,
            };
            try
            {
                Ecosystem.Validate(app, static field => "--" + field.Replace('_', '-'));
            }
            catch (EcosystemException e)
            {
                throw CliException.Usage(e.Message);
            }
            if (cwd is not null && !Directory.Exists(app.Cwd)) throw CliException.Usage($"--cwd {cwd}: no such folder");
            apps = [app];
        }
        var response = await DaemonConnection.SendAsync(new DaemonRequest { Command = "start", Apps = apps }, cancellationToken);
        foreach (var started in response.Processes) CliOutput.Stdout.Success($"Started {started.Name} ({started.Id}) pid {started.Pid}");
        ProcessPrinter.Table(CliOutput.Stdout, (await DaemonConnection.SendAsync(new DaemonRequest { Command = "list" }, cancellationToken)).Processes);
        return ExitCodes.Ok;
    }

    /// <summary>The CLI's environment (PM2 does the same: the app sees the shell it was started from), then the app's own.</summary>
    private static Dictionary<string, string> Inherited(Dictionary<string, string> own)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in NativeProcess.Environment(own))
        {
            var equals = entry.IndexOf('=');
            merged[entry[..equals]] = entry[(equals + 1)..];
        }
        return merged;
    }

    private static Dictionary<string, string> Pairs(string[] pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) throw CliException.Usage($"--env {pair}: expected KEY=VALUE");
            result[pair[..equals]] = pair[(equals + 1)..];
        }
        return result;
    }

    private static int Milliseconds(string option, string text) => (int)CliDuration.Parse(option, text).TotalMilliseconds;
}
