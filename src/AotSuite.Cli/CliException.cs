namespace AotSuite.Cli;

/// <summary>An error meant for the user: its message is printed as one line, without a stack trace.</summary>
public class CliException(string message, int exitCode = ExitCodes.Failed, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The process exit code this error maps to.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A command-line mistake (exit code 2).</summary>
    public static CliException Usage(string message) => new(message, ExitCodes.Usage);
}
