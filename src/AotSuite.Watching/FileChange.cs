namespace AotSuite.Watching;

/// <summary>What happened to a path, after debouncing (an editor's save is one <see cref="Changed"/>).</summary>
public enum FileChangeKind
{
    Added,
    Changed,
    Deleted,
    /// <summary>Moved within the watched tree; <see cref="FileChange.OldPath"/> is where it was.</summary>
    Renamed,
}

/// <summary>One change under the watched root. Paths are relative to the root, with '/' separators.</summary>
public readonly record struct FileChange(FileChangeKind Kind, string Path, bool IsDirectory, string? OldPath = null)
{
    public override string ToString() => Kind == FileChangeKind.Renamed ? $"{Kind} {OldPath} -> {Path}" : $"{Kind} {Path}";
}
