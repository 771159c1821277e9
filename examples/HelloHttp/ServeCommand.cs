using System.Net;
using AotSuite.Http.Connection;
using ConsoleAppFramework;

namespace AotSuite.Examples.HelloHttp;

internal sealed class ServeCommand
{
    /// <summary>Serves /plaintext, /json, /echo and /stream until SIGINT or SIGTERM.</summary>
    /// <param name="port">-p, Port to listen on.</param>
    /// <param name="host">Address to bind (loopback unless told otherwise).</param>
    [Command("")]
    public async Task Serve(int port = 8080, string host = "127.0.0.1", CancellationToken cancellationToken = default)
    {
        await using var server = HttpServer.Start(new HttpServerOptions { EndPoint = new IPEndPoint(IPAddress.Parse(host), port) }, Routes.Handle);
        Console.Out.WriteLine($"HelloHttp listening on http://{server.LocalEndPoint}");
        Console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // SIGINT/SIGTERM: disposing the server stops accepting and closes the connections.
        }
    }
}
