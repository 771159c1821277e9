using AotSuite.Web;
using ConsoleAppFramework;

namespace AotSuite.Examples.HelloWeb;

internal sealed class ServeCommand
{
    /// <summary>Serves /users/{id:int} (JSON) and /plaintext until SIGINT or SIGTERM.</summary>
    /// <param name="port">-p, Port to listen on.</param>
    /// <param name="host">Address to bind (loopback unless told otherwise).</param>
    /// <param name="ioUring">Serve from an io_uring (Linux; sockets where the kernel refuses it).</param>
    [Command("")]
    public async Task Serve(int port = 8080, string host = "127.0.0.1", bool ioUring = false, CancellationToken cancellationToken = default)
    {
        await using var app = HelloRoutes.Create(new WebAppOptions { Port = port, Host = host, Server = new() { IoUring = ioUring } });
        app.Start();
        Console.Out.WriteLine(ioUring ? $"HelloWeb listening on {app.Url} ({app.Transport})" : $"HelloWeb listening on {app.Url}");
        Console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // SIGINT/SIGTERM: disposing the app finishes the requests in flight, then closes.
        }
    }
}
