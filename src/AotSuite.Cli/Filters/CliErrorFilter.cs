// Compiled into every tool (tools/Directory.Build.props): ConsoleAppFramework generates ConsoleAppFilter as an internal
// type in each assembly, so the one shared filter travels as source. Its logic lives in AotSuite.Cli.CliErrors.
using AotSuite.Cli;

namespace ConsoleAppFramework;

/// <summary>One error line on stderr, the right exit code, a stack trace only with --verbose.</summary>
internal sealed class CliErrorFilter(ConsoleAppFilter next) : ConsoleAppFilter(next)
{
    public override async Task InvokeAsync(ConsoleAppContext context, CancellationToken cancellationToken)
    {
        try
        {
            await Next.InvokeAsync(context, cancellationToken);
        }
        catch (Exception exception)
        {
            // The parse-failure type is generated into this assembly, so only this side can tell it is a usage error.
            var error = exception is ArgumentParseFailedException ? CliException.Usage(exception.Message) : exception;
            Environment.ExitCode = CliErrors.Report(Path.GetFileName(Environment.ProcessPath) ?? "aotsuite", error);
        }
    }
}
