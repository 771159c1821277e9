namespace AotSuite.Watching.Tree;

/// <summary>
/// The watched tree as last reported: folder → children by name. One dictionary per folder keeps lookups cheap and
/// memory linear in the number of entries (a 100,000-file tree costs a few MB of names and stamps), and lets a
/// deleted folder take its whole subtree with it. Paths are relative to the root ('' is the root).
/// </summary>
internal sealed class TreeSnapshot
{
    private readonly Dictionary<string, Dictionary<string, EntryStamp>> folders = new(StringComparer.Ordinal);

    public int FolderCount => folders.Count;

    public int EntryCount { get; private set; }

    public bool RootPresent => folders.ContainsKey("");

    public void AddRoot() => folders.TryAdd("", new Dictionary<string, EntryStamp>(StringComparer.Ordinal));

    public static string Parent(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : "";

    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Join(string folder, string name) => folder.Length == 0 ? name : $"{folder}/{name}";

    public EntryStamp? Get(string path)
    {
        if (path.Length == 0) return RootPresent ? EntryStamp.Directory : null;
        return folders.TryGetValue(Parent(path), out var children) && children.TryGetValue(Name(path), out var stamp) ? stamp : null;
    }

    /// <summary>Children of a folder, or null when the folder is not in the snapshot.</summary>
    public IReadOnlyDictionary<string, EntryStamp>? Children(string folder) => folders.GetValueOrDefault(folder);

    public void Set(string path, EntryStamp stamp)
    {
        if (!folders.TryGetValue(Parent(path), out var children)) return; // parent not watched (ignored or gone)
        if (children.TryAdd(Name(path), stamp)) EntryCount++;
        else children[Name(path)] = stamp;
        if (stamp.IsDirectory) folders.TryAdd(path, new Dictionary<string, EntryStamp>(StringComparer.Ordinal));
    }

    /// <summary>Removes a path and everything under it; <paramref name="removed"/> gets them deepest first, the path last.</summary>
    public void Remove(string path, List<(string Path, bool IsDirectory)>? removed)
    {
        var stamp = Get(path);
        if (stamp is null) return;
        if (stamp.Value.IsDirectory) RemoveContents(path, removed);
        if (path.Length == 0)
        {
            folders.Remove("");
            return;
        }
        if (folders.TryGetValue(Parent(path), out var children) && children.Remove(Name(path))) EntryCount--;
        removed?.Add((path, stamp.Value.IsDirectory));
    }

    private void RemoveContents(string folder, List<(string Path, bool IsDirectory)>? removed)
    {
        if (!folders.Remove(folder, out var children)) return;
        foreach (var (name, stamp) in children)
        {
            var path = Join(folder, name);
            if (stamp.IsDirectory) RemoveContents(path, removed);
            removed?.Add((path, stamp.IsDirectory));
            EntryCount--;
        }
    }

    /// <summary>A rename inside the tree: the entry, and for a folder every folder below it, change keys.</summary>
    public void Move(string from, string to)
    {
        var stamp = Get(from);
        if (stamp is null) return;
        Remove(to, null);
        if (stamp.Value.IsDirectory)
        {
            var prefix = from + "/";
            var moved = folders.Keys.Where(key => key == from || key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            foreach (var key in moved)
            {
                folders.Remove(key, out var children);
                folders[to + key[from.Length..]] = children!;
            }
        }
        if (folders.TryGetValue(Parent(from), out var oldParent) && oldParent.Remove(Name(from))) EntryCount--;
        if (folders.TryGetValue(Parent(to), out var newParent))
        {
            if (newParent.TryAdd(Name(to), stamp.Value)) EntryCount++;
        }
        else if (stamp.Value.IsDirectory)
        {
            RemoveContents(to, null); // moved under a folder we do not watch
        }
    }
}
