using AotSuite.Cli;
using AotSuite.Processes.Manager;

namespace AotSuite.Tools.Minipm2;

/// <summary>Talks to the daemon in $MINIPM2_HOME or ~/.aotsuite/pm2, starting it when it is not running.</summary>
internal static class DaemonConnection
{
    public static Pm2Client Client => new(Pm2Home.Default());

    public static string[] DaemonCommand => [Environment.ProcessPath ?? "minipm2", "__daemon"];

    /// <exception cref="CliException">The daemon refused the request; its reason is the message.</exception>
    public static async Task<DaemonResponse> SendAsync(DaemonRequest request, CancellationToken cancellationToken)
    {
        var response = await Client.SendAsync(request, DaemonCommand, cancellationToken) ?? throw new CliException("no daemon");
        return response.Ok ? response : throw new CliException(response.Error ?? "the daemon refused the request");
    }
}
