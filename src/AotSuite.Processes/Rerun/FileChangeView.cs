using AotSuite.Watching;

namespace AotSuite.Processes.Rerun;

/// <summary>A change as the user sees it: the path joined to the folder they named (<c>src/app.cs</c> for <c>--dir src</c>).</summary>
public readonly record struct FileChangeView(FileChangeKind Kind, string Path, bool IsDirectory, string? OldPath)
{
    public static FileChangeView From(string root, FileChange change) => new(change.Kind, Join(root, change.Path), change.IsDirectory,
        change.OldPath is null ? null : Join(root, change.OldPath));

    private static string Join(string root, string path) => root is "." or "./" ? path : $"{root.TrimEnd('/')}/{path}";
}
