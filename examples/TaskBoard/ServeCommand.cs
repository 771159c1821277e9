using AotSuite.Logging;
using AotSuite.Tasks;
using AotSuite.Web;
using AotSuite.Web.Logging;
using ConsoleAppFramework;

namespace AotSuite.Examples.TaskBoard;

internal sealed class ServeCommand
{
    /// <summary>Serves the task board (a REST API under /api and the page at /) until SIGINT or SIGTERM.</summary>
    /// <param name="port">-p, Port to listen on.</param>
    /// <param name="host">Address to bind (loopback unless told otherwise).</param>
    /// <param name="file">-f, The task store; by default the one the task CLI uses.</param>
    /// <param name="development">Error answers carry the exception.</param>
    /// <param name="quiet">-q, No request log lines.</param>
    /// <param name="pretty">Logs in the human format (colours on a terminal) instead of pino's NDJSON.</param>
    [Command("")]
    public async Task Serve(int port = 3000, string host = "127.0.0.1", string? file = null, bool development = false, bool quiet = false,
        bool pretty = false, CancellationToken cancellationToken = default)
    {
        // pino lines on standard output (LOG_LEVEL sets the level); disposing the logger flushes them at exit.
        using var logger = Logger.Create(new LoggerOptions
        {
            Name = "taskboard",
            Format = pretty ? LogFormat.Pretty : LogFormat.Json,
            Redact = ["req.headers.authorization", "req.headers.cookie", "res.headers[\"set-cookie\"]"],
        });
        var log = new BoardLog(logger);
        await using var app = WebApp.Create(new WebAppOptions { Port = port, Host = host, Development = development });
        var store = new TaskStore(file ?? TaskStore.DefaultPath());
        app.Services.Add(store);
        if (!quiet) app.Use(RequestLogging.Create(new PinoRequestLog(logger)));
        app.Use(RequestId.Create()); // inside the logging, so each line carries req.id
        app.Use(Compression.Create());
        app.Use(EmbeddedFiles.Create(typeof(ServeCommand).Assembly));
        TaskApi.Map(app);
        app.Start();
        log.Listening(app.Url, store.Path);
        logger.Flush();
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
