namespace AotSuite.Processes.Rerun;

/// <summary>What <see cref="RerunLoop"/> watches and how it treats the command (nodemon's options).</summary>
public sealed record RerunOptions
{
    /// <summary>Folders to watch (recursively).</summary>
    public IReadOnlyList<string> Roots { get; init; } = ["."];

    /// <summary>Only files with these extensions (no dot, case-insensitive) count; empty: every file.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [];

    /// <summary>Globs in .gitignore syntax, besides .gitignore itself and <see cref="DefaultIgnores"/>.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary>Quiet time before a burst of changes triggers a run.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Stop a command that is still running and start it again (servers); otherwise queue one more run after it.</summary>
    public bool Restart { get; init; }

    /// <summary>How long a stopped command gets between SIGTERM and SIGKILL.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(5);

    public bool UsePolling { get; init; }

    /// <summary>What nodemon skips too, plus .NET build output (a `dotnet build` command would otherwise retrigger itself).</summary>
    public static readonly IReadOnlyList<string> DefaultIgnores = ["node_modules/", "bower_components/", ".nyc_output/", ".sass-cache/", "bin/", "obj/"];

    /// <summary>Whether a change passes the extension filter (folders never do when extensions are given).</summary>
    public bool Matches(FileChangeView change)
    {
        if (Extensions.Count == 0) return true;
        if (change.IsDirectory) return false;
        var extension = Path.GetExtension(change.Path).TrimStart('.');
        foreach (var wanted in Extensions)
        {
            if (string.Equals(wanted.TrimStart('.'), extension, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
