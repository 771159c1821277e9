using AotSuite.Cli;
using AotSuite.Processes.Manager;
using ConsoleAppFramework;

namespace AotSuite.Tools.Minipm2.Commands;

[RegisterCommands]
internal sealed class ControlCommands
{
    /// <summary>Stop a process (SIGTERM to its process group, SIGKILL after its kill timeout); it stays in the list.</summary>
    /// <param name="target">A name, an id, or all.</param>
    public Task<int> Stop([Argument] string target, CancellationToken cancellationToken = default) => Run("stop", "Stopped", target, cancellationToken);

    /// <summary>Stop and start a process again.</summary>
    /// <param name="target">A name, an id, or all.</param>
    public Task<int> Restart([Argument] string target, CancellationToken cancellationToken = default) => Run("restart", "Restarted", target, cancellationToken);

    /// <summary>Zero-downtime restart: start the new process, wait until it listens, then stop the old one (one instance at a time).</summary>
    /// <param name="target">A name, an id, or all.</param>
    public Task<int> Reload([Argument] string target, CancellationToken cancellationToken = default) => Run("reload", "Reloaded", target, cancellationToken);

    /// <summary>Stop a process and remove it from the list (its log files stay).</summary>
    /// <param name="target">A name, an id, or all.</param>
    [Command("delete|del")]
    public Task<int> Delete([Argument] string target, CancellationToken cancellationToken = default) => Run("delete", "Deleted", target, cancellationToken);

    private static async Task<int> Run(string command, string verb, string target, CancellationToken cancellationToken)
    {
        var response = await DaemonConnection.SendAsync(new DaemonRequest { Command = command, Target = target }, cancellationToken);
        foreach (var process in response.Processes) CliOutput.Stdout.Success($"{verb} {process.Name} ({process.Id})");
        return ExitCodes.Ok;
    }
}
