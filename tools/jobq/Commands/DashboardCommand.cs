using AotSuite.Tools.Jobq.Dashboard;
using AotSuite.Web;
using ConsoleAppFramework;

namespace AotSuite.Tools.Jobq.Commands;

[RegisterCommands]
internal sealed class DashboardCommand
{
    /// <summary>Serve a live web page of the queues (counts per state, rates, recent failures) until SIGINT/SIGTERM.</summary>
    /// <param name="port">-p, Port to listen on (0 picks a free one).</param>
    /// <param name="host">Address to bind (loopback unless told otherwise).</param>
    /// <param name="quiet">-q, No request log lines.</param>
    public async Task<int> Dashboard(ConsoleAppContext context, int port = 3001, string host = "127.0.0.1", bool quiet = false,
        CancellationToken cancellationToken = default)
    {
        if (port is < 0 or > 65535) throw AotSuite.Cli.CliException.Usage($"--port {port}: must be 0..65535");
        await using var store = await GlobalOptions.OpenAsync(context, cancellationToken);
        await using var app = WebApp.Create(new WebAppOptions { Port = port, Host = host });
        app.Services.Add(new JobqDashboard(store, GlobalOptions.Describe(context)));
        if (!quiet) app.Use(RequestLogging.Create());
        app.Use(EmbeddedFiles.Create(typeof(DashboardCommand).Assembly));
        DashboardApi.Map(app);
        try
        {
            app.Start();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new AotSuite.Cli.CliException(e.Message, inner: e);
        }
        Console.Out.WriteLine($"jobq dashboard on {app.Url} ({GlobalOptions.Describe(context)}); Ctrl+C stops");
        Console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // SIGINT/SIGTERM: disposing the app answers the requests in flight, then closes.
        }
        return AotSuite.Cli.ExitCodes.Ok;
    }
}
