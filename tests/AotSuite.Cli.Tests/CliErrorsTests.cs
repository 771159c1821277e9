namespace AotSuite.Cli.Tests;

public class CliErrorsTests
{
    [Test]
    public async Task Reports_a_usage_error_on_one_line_with_a_help_hint_and_exit_code_2()
    {
        var error = new StringWriter();
        var code = CliErrors.Report("task", CliException.Usage("missing task id"), error);
        await Assert.That(code).IsEqualTo(ExitCodes.Usage);
        await Assert.That(error.ToString()).IsEqualTo("task: error: missing task id\nrun 'task --help' for usage\n");
    }

    [Test]
    public async Task Reports_a_runtime_failure_with_exit_code_1_and_no_stack_trace()
    {
        var error = new StringWriter();
        var code = CliErrors.Report("task", new InvalidOperationException("no task with id 7"), error);
        await Assert.That(code).IsEqualTo(ExitCodes.Failed);
        await Assert.That(error.ToString()).IsEqualTo("task: error: no task with id 7\n");
    }

    [Test]
    public async Task Reports_cancellation_with_exit_code_130()
    {
        var code = CliErrors.Report("task", new OperationCanceledException(), new StringWriter());
        await Assert.That(code).IsEqualTo(ExitCodes.Cancelled);
    }
}
