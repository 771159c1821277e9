using AotSuite.Cli;
using AotSuite.Processes.Rerun;
using ConsoleAppFramework;

namespace AotSuite.Tools.Watcher.Commands;

internal sealed class WatchCommand
{
    /// <summary>Run a command, and run it again whenever files change (nodemon). Ctrl-C stops the command and exits.</summary>
    /// <param name="exec">-x, Command line to run (through /bin/sh -c).</param>
    /// <param name="dir">-d, Folders to watch, comma-separated (default: the current folder).</param>
    /// <param name="ext">-e, Only files with these extensions count, comma-separated (cs,js).</param>
    /// <param name="ignore">-i, Globs to ignore, .gitignore syntax, comma-separated; .gitignore files, .git, node_modules, bin and obj are ignored too.</param>
    /// <param name="delay">Quiet time before a burst of changes triggers a run (200ms, 1s; a bare number is seconds).</param>
    /// <param name="restart">-r, Stop a still-running command (its whole process group: SIGTERM, then SIGKILL after --grace) and start it again, for servers.</param>
    /// <param name="clear">-c, Clear the terminal before each run.</param>
    /// <param name="grace">Time between SIGTERM and SIGKILL when stopping the command.</param>
    /// <param name="poll">Poll for changes instead of using inotify (network file systems).</param>
    [Command("")]
    public async Task<int> Watch(string exec, string[]? dir = null, string[]? ext = null, string[]? ignore = null, string delay = "100ms",
        bool restart = false, bool clear = false, string grace = "5s", bool poll = false, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(exec)) throw CliException.Usage("--exec needs a command (watcher --exec \"npm test\")");
        var roots = dir is { Length: > 0 } ? dir : ["."];
        foreach (var root in roots)
        {
            if (!Directory.Exists(root)) throw CliException.Usage($"--dir {root}: no such folder");
        }
        var options = new RerunOptions
        {
            Roots = roots,
            Extensions = ext ?? [],
            Ignore = ignore ?? [],
            Delay = CliDuration.Parse("--delay", delay),
            Grace = CliDuration.Parse("--grace", grace),
            Restart = restart,
            UsePolling = poll,
        };
        var reporter = new ConsoleReporter(CliOutput.Stdout, clear && !Console.IsOutputRedirected);
        await new RerunLoop(exec, options, reporter).RunAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
