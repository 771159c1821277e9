namespace AotSuite.Tools.Minipm2;

/// <summary>The command names and value-taking options of `minipm2`, for the checks that run before ConsoleAppFramework.</summary>
internal static class Minipm2CommandLine
{
    public static readonly string[] Commands =
        ["start", "stop", "restart", "reload", "delete", "del", "list", "ls", "status", "logs", "describe", "show", "save", "resurrect", "kill", "__daemon"];

    public static readonly IReadOnlySet<string> StartValueOptions = new HashSet<string>(
        ["--name", "-n", "--instances", "-i", "--env", "--max-restarts", "--restart-delay", "--min-uptime", "--kill-timeout", "--cwd"],
        StringComparer.Ordinal);
}
