using System.Net;
using AotSuite.Logging.Tests.Generated;
using Microsoft.Extensions.Logging;

namespace AotSuite.Logging.Tests.Format;

/// <summary>pino's features: child bindings, redaction, levels from config and LOG_LEVEL, name.</summary>
public class LoggerFeatureTests
{
    [Test]
    public async Task A_child_logger_writes_its_bindings_after_hostname_and_before_msg()
    {
        using var log = new TestLogger(name: "api");
        var child = log.Logger.Child("reqId", 17).Child("user", "ann").ChildText("trace", Guid.Empty);
        new AuthLog(child).TokenRefreshed(3);
        var line = log.Lines.Single();
        await Assert.That(line).Contains(
            ",\"name\":\"api\",\"reqId\":17,\"user\":\"ann\",\"trace\":\"00000000-0000-0000-0000-000000000000\",\"msg\":\"Token refreshed for 3\"");
    }

    [Test]
    public async Task A_child_keeps_its_parents_bindings_and_the_parent_does_not_get_the_childs()
    {
        using var log = new TestLogger();
        var child = log.Logger.Child("a", 1);
        child.Child("b", 2).Info("grandchild");
        child.Info("child");
        log.Logger.Info("root");
        await Assert.That(log.Lines[0]).Contains("\"a\":1,\"b\":2,\"msg\":\"grandchild\"");
        await Assert.That(log.Lines[1]).Contains("\"a\":1,\"msg\":\"child\"");
        await Assert.That(log.Lines[2]).DoesNotContain("\"a\":1");
    }

    [Test]
    public async Task Redacts_configured_paths_in_fields_nested_objects_and_bindings_with_the_censor()
    {
        using var log = new TestLogger(redact: ["req.headers.authorization", "req.headers[\"x-api-key\"]", "userId", "*.statusCode", "secret"]);
        var req = new HttpRequestLog("GET", "/", [new("Authorization", "Bearer abc"), new("X-Api-Key", "k"), new("Accept", "*/*")]);
        var res = new HttpResponseLog(200, []);
        var child = log.Logger.Child("secret", "hunter2");
        new AuthLog(child).RequestDone(req, res, 5);
        new AuthLog(child).SignedIn(42, IPAddress.Loopback);

        await Assert.That(log.Lines[0]).Contains("\"secret\":\"[Redacted]\"");
        await Assert.That(log.Lines[0]).Contains("\"headers\":{\"authorization\":\"[Redacted]\",\"x-api-key\":\"[Redacted]\",\"accept\":\"*/*\"}");
        await Assert.That(log.Lines[0]).Contains("\"res\":{\"statusCode\":\"[Redacted]\"");
        await Assert.That(log.Lines[0]).Contains("\"responseTime\":5");
        // The message is not a path: pino never rewrites msg.
        await Assert.That(log.Lines[1]).EndsWith("\"msg\":\"User 42 signed in from 127.0.0.1\",\"eventId\":1,\"userId\":\"[Redacted]\",\"ip\":\"127.0.0.1\"}");
    }

    [Test]
    public async Task Uses_a_custom_censor()
    {
        using var logger = Logger.Create(new LoggerOptions
        {
            Sink = LogSink.Memory(), Redact = ["userId"], Censor = "***", Environment = static _ => null,
        });
        new AuthLog(logger).SignedIn(1, IPAddress.Loopback);
        await Assert.That(((MemorySink)logger.Sink).Lines.Single()).Contains("\"userId\":\"***\"");
    }

    [Test]
    [Arguments(null, null, LogLevel.Information)]
    [Arguments("warn", null, LogLevel.Warning)]
    [Arguments("Debug", null, LogLevel.Debug)]
    [Arguments("50", null, LogLevel.Error)]
    [Arguments("info", "trace", LogLevel.Trace)]
    [Arguments(null, "silent", LogLevel.None)]
    [Arguments("warn", "fatal", LogLevel.Critical)]
    [DisplayName("Level '$configured' with LOG_LEVEL='$environment' is $expected")]
    public async Task Reads_the_level_from_config_and_LOG_LEVEL_which_wins(string? configured, string? environment, LogLevel expected)
    {
        var level = Logger.ResolveLevel(configured, name => name == "LOG_LEVEL" ? environment : null);
        await Assert.That(level).IsEqualTo(expected);
    }

    [Test]
    public async Task Rejects_a_level_it_does_not_know_naming_the_value()
    {
        var error = Assert.Throws<ArgumentException>(() => Logger.ResolveLevel(null, _ => "loud"));
        await Assert.That(error.Message).StartsWith("LOG_LEVEL='loud' is not a level");
    }

    [Test]
    public async Task Silent_writes_nothing_at_any_level()
    {
        using var log = new TestLogger(level: "silent");
        log.Logger.Fatal("nope");
        log.Logger.DiskFull("/");
        await Assert.That(log.Lines).IsEmpty();
    }

    [Test]
    public async Task Plain_calls_write_a_message_and_an_err()
    {
        using var log = new TestLogger();
        log.Logger.Error("boom", new TimeoutException("slow"));
        await Assert.That(log.Lines.Single()).Contains("\"level\":50");
        await Assert.That(log.Lines.Single()).Contains("\"msg\":\"boom\",\"err\":{\"type\":\"System.TimeoutException\",\"message\":\"slow\",\"stack\":\"System.TimeoutException: slow\"}");
    }
}
