using System.Buffers;
using System.Text;
using AotSuite.Logging.Pretty;

namespace AotSuite.Logging.Tests.Format;

public class PrettyFormatterTests
{
    private static string Pretty(string line, bool color)
    {
        var output = new ArrayBufferWriter<byte>();
        PrettyFormatter.Format(Encoding.UTF8.GetBytes(line), output, color);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Test]
    public async Task Lays_out_a_line_like_pino_pretty()
    {
        var text = Pretty("""{"level":30,"time":1764000000123,"pid":42,"hostname":"box","name":"api","msg":"hello","userId":7,"ip":"1.2.3.4"}""", color: false);
        await Assert.That(text).IsEqualTo("[16:00:00.123] INFO (api/42): hello\n    userId: 7\n    ip: \"1.2.3.4\"\n");
    }

    [Test]
    public async Task Colours_the_level_and_message_only_when_asked()
    {
        var line = """{"level":50,"time":0,"pid":1,"hostname":"h","msg":"bad"}""";
        await Assert.That(Pretty(line, color: true)).IsEqualTo("[00:00:00.000] \e[31mERROR\e[0m (1): \e[36mbad\e[0m\n");
        await Assert.That(Pretty(line, color: false)).DoesNotContain("\e[");
    }

    [Test]
    public async Task Spreads_objects_over_lines_and_prints_an_errors_stack_as_lines()
    {
        var text = Pretty("""{"level":50,"time":0,"msg":"x","req":{"method":"GET","headers":{"a":"b"}},"err":{"type":"E","message":"m","stack":"E: m\n   at A()"}}""", color: false);
        await Assert.That(text).IsEqualTo(
            "[00:00:00.000] ERROR: x\n    req: {\n      \"method\": \"GET\",\n      \"headers\": {\n        \"a\": \"b\"\n      }\n    }\n" +
            "    err: {\n      \"type\": \"E\",\n      \"message\": \"m\",\n      \"stack\":\n          E: m\n             at A()\n    }\n");
    }

    [Test]
    public async Task Passes_a_line_that_is_not_json_through_unchanged()
    {
        await Assert.That(Pretty("plain text\n", color: true)).IsEqualTo("plain text\n");
        await Assert.That(Pretty("{broken", color: true)).IsEqualTo("{broken\n");
    }

    [Test]
    public async Task A_pretty_logger_writes_the_human_format_to_its_sink()
    {
        var sink = LogSink.Memory();
        using var logger = Logger.Create(new LoggerOptions
        {
            Sink = sink, Format = LogFormat.Pretty, TimeProvider = new ManualClock(DateTimeOffset.FromUnixTimeMilliseconds(0)),
            Environment = static _ => null,
        });
        logger.Warn("careful");
        await Assert.That(sink.Lines.Single()).IsEqualTo($"[00:00:00.000] WARN ({Environment.ProcessId}): careful");
    }

    [Test]
    public async Task NO_COLOR_turns_colour_off_even_for_a_terminal()
    {
        await Assert.That(ColorRules.Enabled(redirected: false, name => name == "NO_COLOR" ? "1" : null)).IsFalse();
        await Assert.That(ColorRules.Enabled(redirected: false, _ => null)).IsTrue();
        await Assert.That(ColorRules.Enabled(redirected: true, _ => null)).IsFalse();
        await Assert.That(ColorRules.Enabled(redirected: true, name => name == "FORCE_COLOR" ? "1" : null)).IsTrue();
    }
}
