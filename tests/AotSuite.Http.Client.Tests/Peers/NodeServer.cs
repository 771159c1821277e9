using System.Diagnostics;

namespace AotSuite.Http.Client.Tests.Peers;

/// <summary>Node's http server running Peers/node-server.js on 127.0.0.1, shared by the tests that talk to it.</summary>
internal sealed class NodeServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static NodeServer? shared;
    private readonly Process process;

    private NodeServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri Url(string pathAndQuery) => new($"http://127.0.0.1:{Port}{pathAndQuery}");

    /// <summary>One server for the whole run; it exits when the test process does (its stdin closes).</summary>
    public static async Task<NodeServer> SharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return shared ??= await StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task<NodeServer> StartAsync()
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Peers", "node-server.js"));
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start node (install Node.js 20: apt-get install nodejs)");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (!int.TryParse(line, out var port))
        {
            var error = await process.StandardError.ReadToEndAsync();
            throw new InvalidOperationException($"node-server.js did not print its port: {line} {error}");
        }
        return new NodeServer(process, port);
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(2000)) process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
