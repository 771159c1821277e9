namespace AotSuite.Cli.Tests;

public class CliArgumentsTests
{
    private static readonly IReadOnlySet<string> ValueOptions = new HashSet<string> { "--tag", "-t", "--due" };

    [Test]
    public async Task Moves_options_in_front_of_the_words()
    {
        string[] args = ["add", "Buy", "milk", "--tag", "home", "--json", "now"];
        await Assert.That(CliArguments.OptionsBeforeWords(args, ValueOptions))
            .IsEquivalentTo(new[] { "add", "--tag", "home", "--json", "Buy", "milk", "now" });
    }

    [Test]
    public async Task Keeps_everything_after_a_double_dash_as_words()
    {
        string[] args = ["add", "--due", "today", "--", "--not-an-option", "-t"];
        await Assert.That(CliArguments.OptionsBeforeWords(args, ValueOptions))
            .IsEquivalentTo(new[] { "add", "--due", "today", "--not-an-option", "-t" });
    }

    [Test]
    public async Task Treats_negative_numbers_as_words()
    {
        string[] args = ["add", "-5", "degrees"];
        await Assert.That(CliArguments.OptionsBeforeWords(args, ValueOptions)).IsEquivalentTo(new[] { "add", "-5", "degrees" });
    }

    [Test]
    public async Task Rejects_an_unknown_command_as_a_usage_error()
    {
        var error = Assert.Throws<CliException>(() => CliArguments.RequireKnownCommand("task", ["ad", "x"], ["add", "list"]));
        await Assert.That(error.ExitCode).IsEqualTo(ExitCodes.Usage);
        await Assert.That(error.Message).IsEqualTo("unknown command 'ad' (commands: add, list)");
    }

    [Test]
    [Arguments("list")]
    [Arguments("--help")]
    [Arguments("")]
    public async Task Accepts_known_commands_options_and_no_command(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await Assert.That(() => CliArguments.RequireKnownCommand("task", args, ["add", "list"])).ThrowsNothing();
    }
}
