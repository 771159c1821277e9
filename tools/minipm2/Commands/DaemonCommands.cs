using System.Diagnostics;
using AotSuite.Cli;
using AotSuite.Processes;
using AotSuite.Processes.Manager;
using ConsoleAppFramework;

namespace AotSuite.Tools.Minipm2.Commands;

[RegisterCommands]
internal sealed class DaemonCommands
{
    /// <summary>Write the current apps to dump.json, for resurrect.</summary>
    public async Task<int> Save(CancellationToken cancellationToken = default)
    {
        var response = await DaemonConnection.SendAsync(new DaemonRequest { Command = "save" }, cancellationToken);
        CliOutput.Stdout.Success(response.Message ?? "saved");
        return ExitCodes.Ok;
    }

    /// <summary>Start the apps saved in dump.json that are not running.</summary>
    public async Task<int> Resurrect(CancellationToken cancellationToken = default)
    {
        var response = await DaemonConnection.SendAsync(new DaemonRequest { Command = "resurrect" }, cancellationToken);
        CliOutput.Stdout.Success(response.Message ?? "resurrected");
        if (response.Processes.Count > 0) ProcessPrinter.Table(CliOutput.Stdout, response.Processes);
        return ExitCodes.Ok;
    }

    /// <summary>Stop every app and the daemon (save first to bring them back with resurrect).</summary>
    public async Task<int> Kill(CancellationToken cancellationToken = default)
    {
        var client = DaemonConnection.Client;
        var response = await client.SendAsync(new DaemonRequest { Command = "kill" }, daemonCommand: null, cancellationToken);
        if (response is null)
        {
            CliOutput.Stdout.WriteLine("no daemon running");
            return ExitCodes.Ok;
        }
        // Return once it is gone, so a script can start a fresh one right after.
        var clock = Stopwatch.StartNew();
        while (ProcStats.IsAlive(response.DaemonPid) && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20, cancellationToken);
        CliOutput.Stdout.Success($"Daemon {response.DaemonPid} stopped");
        return ExitCodes.Ok;
    }

    /// <summary>Runs the daemon in the foreground (the CLI starts it on demand).</summary>
    [Hidden]
    [Command("__daemon")]
    public async Task<int> Daemon(CancellationToken cancellationToken = default)
    {
        void Log(string line)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
        return await Pm2Daemon.RunAsync(Pm2Home.Default(), Log, cancellationToken);
    }
}
