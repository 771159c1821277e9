using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AotSuite.Logging.Tests.Generated;

public class GeneratedLogMethodTests
{
    [Test]
    public async Task Writes_a_pino_line_with_level_time_pid_hostname_msg_then_the_fields()
    {
        using var log = new TestLogger();
        new AuthLog(log.Logger).SignedIn(42, IPAddress.Parse("10.0.0.7"));

        var line = log.Lines.Single();
        var expectedStart = $"{{\"level\":30,\"time\":{TestLogger.Now.ToUnixTimeMilliseconds()},\"pid\":{Environment.ProcessId},\"hostname\":";
        await Assert.That(line).StartsWith(expectedStart);
        await Assert.That(line).EndsWith(",\"msg\":\"User 42 signed in from 10.0.0.7\",\"eventId\":1,\"userId\":42,\"ip\":\"10.0.0.7\"}");
        var names = JsonDocument.Parse(line).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        await Assert.That(names).IsEquivalentTo(new[] { "level", "time", "pid", "hostname", "msg", "eventId", "userId", "ip" });
    }

    [Test]
    public async Task Writes_nothing_below_the_level()
    {
        using var log = new TestLogger(level: "info");
        var auth = new AuthLog(log.Logger);
        auth.TokenRefreshed(1);
        StaticLog.Tick(log.Logger, 1);
        await Assert.That(log.Lines).IsEmpty();

        log.Logger.Level = LogLevel.Debug;
        auth.TokenRefreshed(1);
        await Assert.That(log.Lines.Count).IsEqualTo(1);
    }

    [Test]
    public async Task Writes_each_kind_of_value_as_json_and_escapes_the_message()
    {
        using var log = new TestLogger();
        var id = Guid.Parse("7d4f1f8e-3b5e-4c1a-9a57-2d0f7c3b9e11");
        new AuthLog(log.Logger).Priced(Plan.Pro, "Ann \"A\"\n", 9.5m, true, double.NaN, null, TestLogger.Now, id);

        var json = log.Single();
        await Assert.That(json.GetProperty("level").GetInt32()).IsEqualTo(40);
        await Assert.That(json.GetProperty("msg").GetString()).IsEqualTo("Plan Pro for \"Ann \"A\"\n\" costs 9.5 (trial: true)");
        await Assert.That(json.GetProperty("plan").GetString()).IsEqualTo("Pro");
        await Assert.That(json.GetProperty("name").GetString()).IsEqualTo("Ann \"A\"\n");
        await Assert.That(json.GetProperty("price").GetDecimal()).IsEqualTo(9.5m);
        await Assert.That(json.GetProperty("trial").GetBoolean()).IsTrue();
        await Assert.That(json.GetProperty("ratio").ValueKind).IsEqualTo(JsonValueKind.Null);
        await Assert.That(json.GetProperty("quota").ValueKind).IsEqualTo(JsonValueKind.Null);
        await Assert.That(json.GetProperty("at").GetString()).IsEqualTo("2026-11-24T09:30:00.1230000+00:00");
        await Assert.That(json.GetProperty("id").GetGuid()).IsEqualTo(id);
    }

    [Test]
    public async Task Writes_a_null_string_as_null_in_the_field_and_the_message()
    {
        using var log = new TestLogger();
        new AuthLog(log.Logger).Priced(Plan.Free, null, 0m, false, 1.5, 10, TestLogger.Now, Guid.Empty);
        var json = log.Single();
        await Assert.That(json.GetProperty("name").ValueKind).IsEqualTo(JsonValueKind.Null);
        await Assert.That(json.GetProperty("msg").GetString()).StartsWith("Plan Free for \"null\"");
        await Assert.That(json.GetProperty("quota").GetInt64()).IsEqualTo(10L);
        await Assert.That(json.GetProperty("ratio").GetDouble()).IsEqualTo(1.5);
    }

    [Test]
    public async Task Serializes_an_exception_as_pinos_err_with_type_message_and_stack()
    {
        using var log = new TestLogger();
        Exception error;
        try
        {
            throw new InvalidOperationException("card declined");
        }
        catch (InvalidOperationException e)
        {
            error = e;
        }
        new AuthLog(log.Logger).PaymentFailed(7, error);

        var json = log.Single();
        await Assert.That(json.GetProperty("level").GetInt32()).IsEqualTo(50);
        var err = json.GetProperty("err");
        await Assert.That(err.GetProperty("type").GetString()).IsEqualTo("System.InvalidOperationException");
        await Assert.That(err.GetProperty("message").GetString()).IsEqualTo("card declined");
        await Assert.That(err.GetProperty("stack").GetString()).Contains(nameof(Serializes_an_exception_as_pinos_err_with_type_message_and_stack));
    }

    [Test]
    public async Task Writes_a_json_model_field_through_its_generated_writer_and_keeps_literal_braces()
    {
        using var log = new TestLogger();
        new AuthLog(log.Logger).CheckedOut(new Cart("c-1", 3));
        var json = log.Single();
        await Assert.That(json.GetProperty("msg").GetString()).IsEqualTo("Checked out {literally} braces");
        await Assert.That(json.GetProperty("cart").GetRawText()).IsEqualTo("{\"id\":\"c-1\",\"items\":3}");
    }

    [Test]
    public async Task Static_and_extension_methods_take_the_logger_as_first_parameter()
    {
        using var log = new TestLogger();
        log.Logger.DiskFull("/var/log");
        StaticLog.Tick(log.Logger, 5);
        await Assert.That(log.Lines.Count).IsEqualTo(2);
        await Assert.That(log.Lines[0]).Contains("\"level\":60");
        await Assert.That(log.Lines[0]).EndsWith("\"msg\":\"Disk /var/log is full\",\"path\":\"/var/log\"}");
        await Assert.That(log.Lines[1]).Contains("\"level\":10");
    }

    [Test]
    public async Task Serializes_http_requests_and_responses_like_pino_std_serializers()
    {
        using var log = new TestLogger();
        var req = new HttpRequestLog("GET", "/users/1?x=1", [new("Host", "example.test"), new("Accept", "*/*")], "127.0.0.1", 51234);
        var res = new HttpResponseLog(200, [new("Content-Type", "application/json")]);
        new AuthLog(log.Logger).RequestDone(req, res, 12);
        await Assert.That(log.Lines.Single()).EndsWith(
            "\"msg\":\"Request done\",\"req\":{\"method\":\"GET\",\"url\":\"/users/1?x=1\",\"headers\":{\"host\":\"example.test\",\"accept\":\"*/*\"}," +
            "\"remoteAddress\":\"127.0.0.1\",\"remotePort\":51234},\"res\":{\"statusCode\":200,\"headers\":{\"content-type\":\"application/json\"}},\"responseTime\":12}");
    }
}
