namespace AotSuite.Tools.Task;

/// <summary>The command names and value-taking options of `task`, for the checks that run before ConsoleAppFramework.</summary>
internal static class TaskCommandLine
{
    // Kept beside Commands/ on purpose; a test compares this list with what --help prints.
    public static readonly string[] Commands =
        ["add", "list", "ls", "complete", "done", "uncomplete", "delete", "rm", "edit", "clear", "stats"];

    public static readonly IReadOnlySet<string> AddValueOptions =
        new HashSet<string>(["--priority", "-P", "--due", "-d", "--tag", "-t", "--file"], StringComparer.Ordinal);
}
