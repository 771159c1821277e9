namespace AotSuite.Cli;

/// <summary>Command-line fix-ups that ConsoleAppFramework leaves to the tool.</summary>
public static class CliArguments
{
    /// <summary>
    /// Moves options in front of the free words of a command, so <c>add Buy milk --tag home</c> means what it says:
    /// ConsoleAppFramework's <c>params</c> argument swallows everything after its first word. Everything after
    /// <c>--</c> stays a word (<c>add -- -5 degrees</c>).
    /// </summary>
    /// <param name="args">The whole command line; <c>args[0]</c> is the command.</param>
    /// <param name="valueOptions">Options that take a value (the next token), e.g. <c>--tag</c>, <c>-t</c>.</param>
    public static string[] OptionsBeforeWords(string[] args, IReadOnlySet<string> valueOptions)
    {
        if (args.Length < 2) return args;
        var options = new List<string>();
        var words = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                words.AddRange(args.AsSpan(i + 1));
                break;
            }
            if (arg.Length > 1 && arg[0] == '-' && !IsNumber(arg))
            {
                options.Add(arg);
                if (valueOptions.Contains(arg) && i + 1 < args.Length) options.Add(args[++i]);
            }
            else
            {
                words.Add(arg);
            }
        }
        return [args[0], .. options, .. words];
    }

    /// <summary>
    /// ConsoleAppFramework shows help and exits 0 for a command it does not know; a typo must fail (exit 2) instead,
    /// or scripts carry on as if it had worked.
    /// </summary>
    public static void RequireKnownCommand(string tool, string[] args, IReadOnlyCollection<string> commands)
    {
        if (args.Length == 0 || args[0].StartsWith('-') || commands.Contains(args[0])) return;
        throw CliException.Usage($"unknown command '{args[0]}' (commands: {string.Join(", ", commands)})");
    }

    private static bool IsNumber(string arg) => double.TryParse(arg, System.Globalization.CultureInfo.InvariantCulture, out _);
}
