namespace AotSuite.Cli.Tests;

public class CliDurationTests
{
    [Test]
    [Arguments("200ms", 200)]
    [Arguments("1.5s", 1500)]
    [Arguments("2m", 120_000)]
    [Arguments("1h", 3_600_000)]
    [Arguments("2.5", 2500)]
    [Arguments("0ms", 0)]
    [DisplayName("'$text' is $milliseconds ms")]
    public async Task Parses_units_and_bare_seconds(string text, int milliseconds)
    {
        await Assert.That(CliDuration.Parse("--delay", text)).IsEqualTo(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Test]
    public async Task A_bad_duration_is_a_usage_error_naming_the_option()
    {
        var error = Assert.Throws<CliException>(() => CliDuration.Parse("--delay", "soon"));
        await Assert.That(error.ExitCode).IsEqualTo(ExitCodes.Usage);
        await Assert.That(error.Message).IsEqualTo("bad duration for --delay: 'soon' (e.g. 200ms, 1.5s, 2m, or seconds as a number)");
    }

    [Test]
    [Arguments(850, "850ms")]
    [Arguments(4200, "4.2s")]
    [Arguments(185_000, "3m 05s")]
    [Arguments(7_800_000, "2h 10m")]
    [Arguments(273_600_000, "3d 4h")]
    [DisplayName("$milliseconds ms reads '$text'")]
    public async Task Formats_short_human_durations(int milliseconds, string text)
    {
        await Assert.That(CliDuration.Format(TimeSpan.FromMilliseconds(milliseconds))).IsEqualTo(text);
    }
}
