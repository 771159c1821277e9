using AotSuite.Cli;
using AotSuite.Logging;
using AotSuite.Logging.Pretty;
using ConsoleAppFramework;

namespace AotSuite.Tools.LogPretty.Commands;

[RegisterCommands]
internal sealed class PrettyCommand
{
    /// <summary>Reads pino NDJSON log lines from stdin (or a file) and prints them in pino-pretty's human format.</summary>
    /// <param name="color">auto (a terminal, unless NO_COLOR is set), always or never.</param>
    /// <param name="level">-L, Skip lines below this level (trace, debug, info, warn, error, fatal or a pino number).</param>
    /// <param name="input">-i, Read this file instead of stdin.</param>
    [Command("")]
    public async Task<int> Pretty(string color = "auto", string? level = null, string? input = null, CancellationToken cancellationToken = default)
    {
        var useColor = color switch
        {
            "auto" => CliOutput.Stdout.Color,
            "always" => true,
            "never" => false,
            _ => throw CliException.Usage($"--color '{color}' is not one of auto, always, never"),
        };
        var minimum = Microsoft.Extensions.Logging.LogLevel.Trace;
        if (level is not null && !PinoLevel.TryParse(level, out minimum))
        {
            throw CliException.Usage($"--level '{level}' is not a level; use trace, debug, info, warn, error, fatal or a pino number");
        }
        if (input is not null && !File.Exists(input)) throw new CliException($"no file {input}");

        await using var source = input is null ? Console.OpenStandardInput() : File.OpenRead(input);
        await using var stdout = Console.OpenStandardOutput();
        try
        {
            await PrettyStream.CopyAsync(source, stdout, useColor, minimum, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Cancelled;
        }
        catch (IOException e) when (e.Message.Contains("pipe", StringComparison.OrdinalIgnoreCase))
        {
            // `logpretty | head`: the reader went away; that is the end, not an error.
            return ExitCodes.Ok;
        }
        return ExitCodes.Ok;
    }
}
