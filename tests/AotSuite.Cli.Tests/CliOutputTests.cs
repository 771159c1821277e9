namespace AotSuite.Cli.Tests;

public class CliOutputTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;

    [Test]
    public async Task Colours_a_terminal()
    {
        await Assert.That(CliOutput.ColorEnabled(redirected: false, Env())).IsTrue();
    }

    [Test]
    public async Task Stays_plain_when_output_is_redirected()
    {
        await Assert.That(CliOutput.ColorEnabled(redirected: true, Env())).IsFalse();
    }

    [Test]
    public async Task Stays_plain_when_NO_COLOR_is_set_even_on_a_terminal()
    {
        await Assert.That(CliOutput.ColorEnabled(redirected: false, Env(("NO_COLOR", "1")))).IsFalse();
    }

    [Test]
    public async Task Colours_a_pipe_when_FORCE_COLOR_is_set()
    {
        await Assert.That(CliOutput.ColorEnabled(redirected: true, Env(("FORCE_COLOR", "1")))).IsTrue();
    }

    [Test]
    public async Task Stays_plain_on_a_dumb_terminal()
    {
        await Assert.That(CliOutput.ColorEnabled(redirected: false, Env(("TERM", "dumb")))).IsFalse();
    }

    [Test]
    public async Task Writes_no_escape_codes_when_colour_is_off()
    {
        var writer = new StringWriter();
        new CliOutput(writer, color: false).Success(new CliOutput(writer, color: false).Red("done"));
        await Assert.That(writer.ToString()).IsEqualTo("✓ done\n");
    }
}
