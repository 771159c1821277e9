using System.Diagnostics;

namespace AotSuite.Watching;

/// <summary>
/// Raw events gathered between two deliveries: which paths to look at again, which moves pair up, and whether the
/// whole tree needs a rescan. Nothing is decided here; the flush compares each path with the snapshot, so a burst
/// (write, write, close; or write temp, rename over) collapses into what actually changed.
/// </summary>
internal sealed class PendingChanges
{
    private readonly Dictionary<string, PathFlags> paths = new(StringComparer.Ordinal);
    private readonly List<string> order = [];
    private readonly List<(string From, string To)> renames = [];
    private readonly Dictionary<uint, string> movedFrom = [];

    public bool RescanAll { get; set; }

    public long FirstEventAt { get; private set; }

    public long LastEventAt { get; private set; }

    public bool IsEmpty => order.Count == 0 && renames.Count == 0 && movedFrom.Count == 0 && !RescanAll;

    public IReadOnlyList<string> Paths => order;

    public IReadOnlyList<(string From, string To)> Renames => renames;

    public PathFlags FlagsOf(string path) => paths.GetValueOrDefault(path);

    public void Touch(string path, PathFlags flags)
    {
        Stamp();
        if (paths.TryGetValue(path, out var existing))
        {
            paths[path] = existing | flags;
            return;
        }
        paths[path] = flags;
        order.Add(path);
    }

    public void MovedFrom(uint cookie, string path)
    {
        Stamp();
        movedFrom[cookie] = path;
    }

    /// <summary>The second half of a move: paired with its first half by the kernel's cookie, or (moved in from outside) a new path.</summary>
    public void MovedTo(uint cookie, string path)
    {
        Stamp();
        if (movedFrom.Remove(cookie, out var from)) renames.Add((from, path));
        else Touch(path, PathFlags.Recursive);
    }

    /// <summary>A first half that never met its second moved out of the tree: to us it was deleted.</summary>
    public void ResolveUnpairedMoves()
    {
        foreach (var from in movedFrom.Values) Touch(from, PathFlags.Recursive);
        movedFrom.Clear();
    }

    public void Clear()
    {
        paths.Clear();
        order.Clear();
        renames.Clear();
        movedFrom.Clear();
        RescanAll = false;
    }

    private void Stamp()
    {
        LastEventAt = Stopwatch.GetTimestamp();
        if (order.Count == 0 && renames.Count == 0 && movedFrom.Count == 0) FirstEventAt = LastEventAt;
    }

    public void MarkRescan()
    {
        if (IsEmpty) FirstEventAt = Stopwatch.GetTimestamp();
        LastEventAt = Stopwatch.GetTimestamp();
        RescanAll = true;
    }
}

[Flags]
internal enum PathFlags
{
    None = 0,
    /// <summary>The kernel said the content or metadata changed: report Changed even if size and mtime look the same.</summary>
    Content = 1,
    /// <summary>Look at everything below too (a folder created, moved in, or a rescan).</summary>
    Recursive = 2,
}
