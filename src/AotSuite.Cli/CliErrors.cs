namespace AotSuite.Cli;

/// <summary>Turns any exception that escapes a command into one line on stderr and an exit code.</summary>
public static class CliErrors
{
    /// <summary>Set by <c>--verbose</c> or <c>AOTSUITE_VERBOSE=1</c>: print the stack trace after the error line.</summary>
    public static bool Verbose { get; set; } = Environment.GetEnvironmentVariable("AOTSUITE_VERBOSE") == "1";

    /// <summary>Writes <c>tool: error: message</c> to <paramref name="error"/> and returns the exit code.</summary>
    public static int Report(string tool, Exception exception, TextWriter? error = null)
    {
        error ??= Console.Error;
        var code = exception switch
        {
            CliException cli => cli.ExitCode,
            OperationCanceledException => ExitCodes.Cancelled,
            // ConsoleAppFramework reports unknown options and unparsable values this way.
            ArgumentException => ExitCodes.Usage,
            _ => ExitCodes.Failed,
        };
        Console.Out.Flush(); // what the command printed before failing comes before the error line
        var message = code == ExitCodes.Cancelled ? "cancelled" : exception.Message;
        var output = CliOutput.For(error, Console.IsErrorRedirected);
        error.WriteLine($"{tool}: {output.Red("error:")} {message}");
        if (code == ExitCodes.Usage) error.WriteLine($"run '{tool} --help' for usage");
        if (Verbose) error.WriteLine(exception.ToString());
        return code;
    }
}
