using System.Net;
using System.Net.Sockets;
using AotSuite.Cli;
using AotSuite.Http.Connection;
using AotSuite.StaticFiles;
using ConsoleAppFramework;

namespace AotSuite.Tools.StaticServe;

internal sealed class ServeCommand
{
    /// <summary>Serves a folder over HTTP until SIGINT or SIGTERM.</summary>
    /// <param name="dir">The folder to serve (default: the current one).</param>
    /// <param name="port">-p, Port to listen on (0 picks a free one).</param>
    /// <param name="host">Address to bind; loopback unless told otherwise (0.0.0.0 for every interface).</param>
    /// <param name="spa">Single-page app: unknown paths without an extension get /index.html.</param>
    /// <param name="cors">Access-Control-Allow-Origin: * on every answer, and 204 to preflight requests.</param>
    /// <param name="noDotfiles">Refuse files and folders whose name starts with '.' (the default; see --dotfiles).</param>
    /// <param name="dotfiles">Serve dotfiles too.</param>
    /// <param name="listing">List the entries of folders that have no index.html.</param>
    /// <param name="maxAge">Cache-Control max-age in seconds for files that are neither HTML nor fingerprinted.</param>
    /// <param name="noSendfile">Read large files and write them instead of sendfile(2): more CPU, faster on loopback (behind a local proxy).</param>
    [Command("")]
    public async Task<int> Serve([Argument] string dir = ".", int port = 8080, string host = "127.0.0.1", bool spa = false, bool cors = false,
        bool noDotfiles = false, bool dotfiles = false, bool listing = false, int maxAge = 0, bool noSendfile = false, CancellationToken cancellationToken = default)
    {
        if (noDotfiles && dotfiles) throw CliException.Usage("--dotfiles and --no-dotfiles exclude each other");
        if (port is < 0 or > 65535) throw CliException.Usage($"--port {port} is not a port (0..65535)");
        if (maxAge < 0) throw CliException.Usage($"--max-age {maxAge} is negative");
        var address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : throw CliException.Usage($"--host '{host}' is not an IP address (e.g. 127.0.0.1, ::1, 0.0.0.0)");
        if (!Directory.Exists(dir)) throw CliException.Usage($"no directory '{dir}' to serve (give an existing folder, e.g. static-serve ./public)");

        var files = new StaticFileServer(new StaticFileOptions
        {
            Root = dir,
            SpaFallback = spa ? "index.html" : null,
            Cors = cors,
            AllowDotfiles = dotfiles,
            DirectoryListing = listing,
            MaxAge = TimeSpan.FromSeconds(maxAge),
            SendFile = !noSendfile,
        });
        HttpServer server;
        try
        {
            server = HttpServer.Start(new HttpServerOptions { EndPoint = new IPEndPoint(address, port) }, files.Handler);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new CliException($"port {port} on {host} is already in use (pick another with --port, or --port 0 for any free one)");
        }
        catch (SocketException e)
        {
            throw new CliException($"cannot listen on {host}:{port}: {e.Message}");
        }

        await using (server)
        {
            var shown = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
            Console.Out.WriteLine($"static-serve: serving {files.Root} on http://{shown}:{server.Port}");
            Console.Out.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // SIGINT/SIGTERM: disposing the server stops accepting and finishes the requests in flight.
            }
        }
        return ExitCodes.Ok;
    }
}
