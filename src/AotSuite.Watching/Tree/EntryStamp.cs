namespace AotSuite.Watching.Tree;

/// <summary>What the snapshot remembers of a path: kind, and for files size and mtime (what a rescan compares).</summary>
internal readonly record struct EntryStamp(bool IsDirectory, long Size, long ModifiedTicks)
{
    public static readonly EntryStamp Directory = new(true, 0, 0);

    /// <summary>lstat-like: a symlink is an entry of its own, never followed into (no cycles).</summary>
    public static EntryStamp? Of(string fullPath)
    {
        var info = new FileInfo(fullPath);
        var attributes = info.Attributes;
        if ((int)attributes == -1) return null;
        if ((attributes & FileAttributes.Directory) != 0 && (attributes & FileAttributes.ReparsePoint) == 0) return Directory;
        try
        {
            return info.Exists ? new EntryStamp(false, info.Length, info.LastWriteTimeUtc.Ticks) : new EntryStamp(false, 0, 0);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
