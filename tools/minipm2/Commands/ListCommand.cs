using AotSuite.Cli;
using AotSuite.Processes.Manager;
using ConsoleAppFramework;

namespace AotSuite.Tools.Minipm2.Commands;

[RegisterCommands]
internal sealed class ListCommand
{
    /// <summary>The process table: id, name, pid, status, restarts, uptime, CPU, memory (from /proc).</summary>
    [Command("list|ls|status")]
    public async Task<int> List(CancellationToken cancellationToken = default)
    {
        var response = await DaemonConnection.SendAsync(new DaemonRequest { Command = "list" }, cancellationToken);
        ProcessPrinter.Table(CliOutput.Stdout, response.Processes);
        return ExitCodes.Ok;
    }

    /// <summary>Everything about a process: command, folder, limits, log files.</summary>
    /// <param name="target">A name or an id.</param>
    [Command("describe|show")]
    public async Task<int> Describe([Argument] string target, CancellationToken cancellationToken = default)
    {
        var response = await DaemonConnection.SendAsync(new DaemonRequest { Command = "describe", Target = target }, cancellationToken);
        for (var i = 0; i < response.Processes.Count; i++)
        {
            if (i > 0) CliOutput.Stdout.WriteLine();
            ProcessPrinter.Describe(CliOutput.Stdout, response.Processes[i]);
        }
        return ExitCodes.Ok;
    }
}
