using System.Text.Json;
using AotSuite.Logging;
using AotSuite.Web.Logging;

namespace AotSuite.Web.Tests.Middleware;

public sealed class RequestLoggingTests
{
    private static WebApp Create(IRequestLogWriter writer)
    {
        var app = WebApp.Create(new WebAppOptions { Port = 0 });
        app.Use(RequestLogging.Create(writer));
        app.Use(RequestId.Create());
        app.MapGet("/users/{id:int}", (int id) => $"user {id}");
        app.MapGet("/fail", string () => throw new InvalidOperationException("boom"));
        app.Start();
        return app;
    }

    private static Logger MemoryLogger(out MemorySink sink, params string[] redact)
    {
        sink = LogSink.Memory();
        return Logger.Create(new LoggerOptions { Sink = sink, Level = "info", Redact = redact });
    }

    [Test]
    public async Task Writes_a_pino_http_line_through_the_logger()
    {
        using var logger = MemoryLogger(out var sink, "req.headers.authorization");
        await using var app = Create(new PinoRequestLog(logger));
        var reply = await Http.GetAsync(app, "/users/7?full=1", "Authorization: Bearer secret", "X-Request-Id: abc-1");
        await Assert.That(reply.Status).IsEqualTo(200);

        var line = JsonDocument.Parse(sink.Lines.Single()).RootElement;
        await Assert.That(line.GetProperty("level").GetInt32()).IsEqualTo(30);
        await Assert.That(line.GetProperty("msg").GetString()).IsEqualTo("request completed");
        await Assert.That(line.GetProperty("pid").GetInt32()).IsEqualTo(Environment.ProcessId);
        var req = line.GetProperty("req");
        await Assert.That(req.GetProperty("id").GetString()).IsEqualTo("abc-1");
        await Assert.That(req.GetProperty("method").GetString()).IsEqualTo("GET");
        await Assert.That(req.GetProperty("url").GetString()).IsEqualTo("/users/7?full=1");
        await Assert.That(req.GetProperty("headers").GetProperty("authorization").GetString()).IsEqualTo("[Redacted]");
        await Assert.That(req.GetProperty("headers").GetProperty("host").GetString()).IsEqualTo("test");
        var res = line.GetProperty("res");
        await Assert.That(res.GetProperty("statusCode").GetInt32()).IsEqualTo(200);
        await Assert.That(res.GetProperty("headers").GetProperty("x-request-id").GetString()).IsEqualTo("abc-1");
        await Assert.That(line.GetProperty("responseTime").GetDouble()).IsGreaterThanOrEqualTo(0);
    }

    [Test]
    public async Task Logs_a_failed_request_at_error_with_the_exception_and_the_status_sent()
    {
        using var logger = MemoryLogger(out var sink);
        await using var app = Create(new PinoRequestLog(logger));
        var reply = await Http.GetAsync(app, "/fail");
        await Assert.That(reply.Status).IsEqualTo(500);

        var line = JsonDocument.Parse(sink.Lines.Single()).RootElement;
        await Assert.That(line.GetProperty("level").GetInt32()).IsEqualTo(50);
        await Assert.That(line.GetProperty("msg").GetString()).IsEqualTo("request errored");
        await Assert.That(line.GetProperty("res").GetProperty("statusCode").GetInt32()).IsEqualTo(500);
        await Assert.That(line.GetProperty("err").GetProperty("type").GetString()).IsEqualTo("System.InvalidOperationException");
        await Assert.That(line.GetProperty("err").GetProperty("message").GetString()).IsEqualTo("boom");
    }

    [Test]
    public async Task Writes_every_request_into_a_log_file_as_one_json_line_each()
    {
        var folder = Directory.CreateTempSubdirectory("aotsuite-reqlog-");
        try
        {
            var path = Path.Combine(folder.FullName, "app.log");
            using (var logger = Logger.Create(new LoggerOptions { Sink = LogSink.File(path), Level = "info" }))
            {
                await using var app = Create(new PinoRequestLog(logger));
                for (var i = 1; i <= 20; i++) await Http.GetAsync(app, $"/users/{i}");
                await Http.GetAsync(app, "/nowhere");
            }
            var lines = (await File.ReadAllLinesAsync(path)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            await Assert.That(lines.Count).IsEqualTo(21);
            await Assert.That(lines.Take(20).Select(l => l.GetProperty("req").GetProperty("url").GetString()!))
                .IsEquivalentTo(Enumerable.Range(1, 20).Select(i => $"/users/{i}"));
            await Assert.That(lines[20].GetProperty("res").GetProperty("statusCode").GetInt32()).IsEqualTo(404);
            await Assert.That(lines[20].GetProperty("level").GetInt32()).IsEqualTo(30);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Skips_the_work_when_the_level_is_off()
    {
        var sink = LogSink.Memory();
        using var logger = Logger.Create(new LoggerOptions { Sink = sink, Level = "error" });
        await using var app = Create(new PinoRequestLog(logger));
        await Http.GetAsync(app, "/users/1");
        await Http.GetAsync(app, "/fail");
        await Assert.That(sink.Lines.Count).IsEqualTo(1);
        await Assert.That(sink.Lines[0]).Contains("\"msg\":\"request errored\"");
    }

    [Test]
    public async Task Writes_the_short_text_line_without_a_logger()
    {
        using var output = new StringWriter();
        var writer = TextWriter.Synchronized(output);
        await using var app = Create(new TextRequestLogWriter(writer, 100));
        await Http.GetAsync(app, "/users/7");
        // The text writer is a background loop: poll for its line.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Text().Contains("GET /users/7 200", StringComparison.Ordinal) && DateTime.UtcNow < deadline) await Task.Delay(20);
        await Assert.That(Text()).Contains("GET /users/7 200 ");

        // The synchronized writer locks on itself while it writes.
        string Text()
        {
            lock (writer) return output.ToString();
        }
    }
}
