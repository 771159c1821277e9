namespace AotSuite.Tools.Minipm2;

/// <summary>The command names and value-taking options of `minipm2`, for the checks that run before ConsoleAppFramework.</summary>
internal static class Minipm2CommandLine
{
    public static readonly string[] Commands =
        ["start", "stop", "restart", "reload", "delete", "del", "list", "ls", "status", "logs", "describe", "show", "save", "resurrect", "kill", "__daemon"];

    public static readonly IReadOnlySet<string> StartValueOptions = new HashSet<string>(
        ["--name", "-n", "--instances", "-i", "--env", "--max-restarts", "--restart-delay", "--min-uptime", "--kill-timeout", "--cwd"],
        StringComparer.Ordinal);

    /// <summary>
    /// `start` takes its own options anywhere, and the command as the other words (after `--`, everything is the
    /// command's: <c>minipm2 start -i 2 -- ./server --port 8080</c>). The words become one command line: a single word
    /// is taken as written (<c>"node app.js &gt; out"</c>), several are shell-quoted so each stays one argument.
    /// </summary>
    public static string[] StartArguments(string[] args)
    {
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
            if (arg.Length > 1 && arg[0] == '-')
            {
                options.Add(arg);
                if (StartValueOptions.Contains(arg) && i + 1 < args.Length) options.Add(args[++i]);
            }
            else
            {
                words.Add(arg);
            }
        }
        if (words.Count == 0) return [args[0], .. options];
        var commandLine = words.Count == 1 ? words[0] : string.Join(' ', words.Select(ShellQuote));
        return [args[0], .. options, commandLine];
    }

    private static string ShellQuote(string word) =>
        word.Length > 0 && word.All(static c => char.IsAsciiLetterOrDigit(c) || "_-./:=@%+,".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";
}
