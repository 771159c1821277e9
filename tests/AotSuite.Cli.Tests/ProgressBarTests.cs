namespace AotSuite.Cli.Tests;

public class ProgressBarTests
{
    [Test]
    public async Task Renders_the_fraction_done()
    {
        await Assert.That(ProgressBar.Render("hashing", 450, 1000)).IsEqualTo("hashing [=============>                ]  45% 450/1000");
    }

    [Test]
    public async Task Renders_a_full_bar_when_done()
    {
        await Assert.That(ProgressBar.Render("x", 3, 3)).IsEqualTo("x [==============================] 100% 3/3");
    }

    [Test]
    public async Task Draws_nothing_when_stderr_is_not_a_terminal()
    {
        var writer = new StringWriter();
        using (var bar = new ProgressBar("x", 10, writer, enabled: false))
        {
            for (var i = 0; i <= 10; i++) bar.Report(i);
        }
        await Assert.That(writer.ToString()).IsEmpty();
    }

    [Test]
    public async Task Draws_the_final_state_and_clears_the_line_on_dispose()
    {
        var writer = new StringWriter();
        using (var bar = new ProgressBar("x", 2, writer, enabled: true))
        {
            bar.Report(1);
            bar.Report(2);
        }
        await Assert.That(writer.ToString()).EndsWith("100% 2/2\r\e[2K");
    }
}
