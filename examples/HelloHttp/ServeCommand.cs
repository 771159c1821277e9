using System.Net;
using AotSuite.Http.Connection;
using ConsoleAppFramework;

namespace AotSuite.Examples.HelloHttp;

internal sealed class ServeCommand
{
    /// <summary>Serves /plaintext, /json, /echo and /stream until SIGINT or SIGTERM.</summary>
    /// <param name="port">-p, Port to listen on.</param>
    /// <param name="host">Address to bind (loopback unless told otherwise).</param>
    /// <param name="reusePort">SO_REUSEPORT: several copies share the port (minipm2 start -i N, aot start --cluster N).</param>
    /// <param name="ioUring">Serve connections from io_uring rings instead of the runtime's sockets (Linux; falls back, and says why).</param>
    [Command("")]
    public async Task Serve(int port = 8080, string host = "127.0.0.1", bool reusePort = false, bool ioUring = false, CancellationToken cancellationToken = default)
    {
        var options = new HttpServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Parse(host), port),
            ReusePort = reusePort,
            IoUring = ioUring,
            // /echo reads its body as it arrives; no other route has one.
            StreamRequestBodies = true,
        };
        await using var server = HttpServer.Start(options, Routes.Handle);
        Console.Out.WriteLine(ioUring ? $"HelloHttp listening on http://{server.LocalEndPoint} ({server.Transport})" : $"HelloHttp listening on http://{server.LocalEndPoint}");
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
