using System.IO.Enumeration;
using AotSuite.Watching.Tree;

namespace AotSuite.Watching;

public sealed partial class FileWatcher
{
    private static readonly EnumerationOptions ListingOptions = new()
    {
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Brings one path of the snapshot in line with the disk, reporting what differs.</summary>
    private void Reconcile(string path, PathFlags flags, List<FileChange> changes)
    {
        var before = tree.Get(path);
        var now = EntryStamp.Of(FullPath(path));
        if (now is { } present && path.Length > 0 && ignore.IsIgnored(path, present.IsDirectory)) now = null;
        if (path.Length > 0 && !tree.RootPresent) return; // everything waits for the root to come back
        if (now is null)
        {
            if (before is not null) RemovePath(path, changes);
            return;
        }
        if (before is null || before.Value.IsDirectory != now.Value.IsDirectory)
        {
            if (before is not null) RemovePath(path, changes);
            AddPath(path, now.Value, changes);
            return;
        }
        if (!now.Value.IsDirectory)
        {
            if ((flags & PathFlags.Content) != 0 || before.Value != now.Value)
            {
                tree.Set(path, now.Value);
                changes.Add(new FileChange(FileChangeKind.Changed, path, false));
            }
            return;
        }
        if ((flags & PathFlags.Recursive) != 0) DiffContents(path, changes);
    }

    private void AddPath(string path, EntryStamp stamp, List<FileChange> changes)
    {
        if (path.Length == 0)
        {
            tree.AddRoot();
            Watch("");
            onWarning($"{Root} is back; watching it again");
            AddContents("", changes);
            return;
        }
        if (!tree.RootPresent || tree.Children(TreeSnapshot.Parent(path)) is null) return; // its folder is not watched
        tree.Set(path, stamp);
        changes.Add(new FileChange(FileChangeKind.Added, path, stamp.IsDirectory));
        if (stamp.IsDirectory)
        {
            Watch(path);
            AddContents(path, changes);
        }
    }

    private void RemovePath(string path, List<FileChange> changes)
    {
        var removed = new List<(string Path, bool IsDirectory)>();
        tree.Remove(path, removed);
        inotify?.Remove(path);
        foreach (var (gone, isDirectory) in removed) changes.Add(new FileChange(FileChangeKind.Deleted, gone, isDirectory));
        if (path.Length == 0) onWarning($"{Root} was deleted; waiting for it to be created again");
    }

    /// <summary>
    /// Everything inside a folder that just appeared (or the root, at start with <paramref name="changes"/> null): its
    /// watch is added before listing, so a file created during the listing is either listed or reported by an event.
    /// </summary>
    private void AddContents(string folder, List<FileChange>? changes)
    {
        var listing = List(folder);
        if (options.UseGitIgnore && listing.Exists(static e => e.Name == ".gitignore" && !e.Stamp.IsDirectory))
        {
            ignore.LoadGitIgnore(Path.Combine(FullPath(folder), ".gitignore"), folder);
        }
        foreach (var (name, stamp) in listing)
        {
            var path = TreeSnapshot.Join(folder, name);
            if (ignore.IsIgnored(path, stamp.IsDirectory)) continue;
            tree.Set(path, stamp);
            changes?.Add(new FileChange(FileChangeKind.Added, path, stamp.IsDirectory));
            if (stamp.IsDirectory)
            {
                Watch(path);
                AddContents(path, changes);
            }
        }
    }

    /// <summary>A rescan of a folder we already know: new, changed and vanished entries, all the way down.</summary>
    private void DiffContents(string folder, List<FileChange> changes)
    {
        var listing = List(folder);
        var known = tree.Children(folder);
        if (known is null) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, stamp) in listing)
        {
            var path = TreeSnapshot.Join(folder, name);
            if (ignore.IsIgnored(path, stamp.IsDirectory)) continue;
            seen.Add(name);
            if (!known.TryGetValue(name, out var before))
            {
                AddPath(path, stamp, changes);
            }
            else if (before.IsDirectory != stamp.IsDirectory)
            {
                RemovePath(path, changes);
                AddPath(path, stamp, changes);
            }
            else if (stamp.IsDirectory)
            {
                Watch(path); // re-arms a watch lost in an overflow; same wd when still there
                DiffContents(path, changes);
            }
            else if (before != stamp)
            {
                tree.Set(path, stamp);
                changes.Add(new FileChange(FileChangeKind.Changed, path, false));
            }
        }
        var vanished = known.Keys.Where(name => !seen.Contains(name)).ToList();
        foreach (var name in vanished) RemovePath(TreeSnapshot.Join(folder, name), changes);
    }

    private void ApplyRename(string from, string to, List<FileChange> changes)
    {
        var before = tree.Get(from);
        var now = EntryStamp.Of(FullPath(to));
        var fromStillThere = EntryStamp.Of(FullPath(from)) is not null;
        if (before is null || now is null || fromStillThere || before.Value.IsDirectory != now.Value.IsDirectory
            || ignore.IsIgnored(to, now.Value.IsDirectory) || tree.Children(TreeSnapshot.Parent(to)) is null)
        {
            // Not a clean move any more (a temp file renamed over its target, or moved on again): look at both ends.
            pending.Touch(from, PathFlags.Recursive);
            pending.Touch(to, PathFlags.Recursive | PathFlags.Content);
            return;
        }
        if (tree.Get(to) is { IsDirectory: true }) RemovePath(to, changes);
        tree.Move(from, to);
        if (before.Value.IsDirectory) inotify?.Rename(from, to);
        changes.Add(new FileChange(FileChangeKind.Renamed, to, before.Value.IsDirectory, from));
        // Writes that landed between the move and now carry the old name in their events: compare the new place.
        if (before.Value.IsDirectory) DiffContents(to, changes);
    }

    private List<(string Name, EntryStamp Stamp)> List(string folder)
    {
        try
        {
            var entries = new FileSystemEnumerable<(string, EntryStamp)>(FullPath(folder), static (ref FileSystemEntry entry) =>
            {
                var isDirectory = entry.IsDirectory && (entry.Attributes & FileAttributes.ReparsePoint) == 0;
                return (entry.FileName.ToString(),
                    isDirectory ? EntryStamp.Directory : new EntryStamp(false, entry.Length, entry.LastWriteTimeUtc.UtcTicks));
            }, ListingOptions);
            return [.. entries];
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
