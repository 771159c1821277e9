using System.Runtime.InteropServices;
using AotSuite.Native;

namespace AotSuite.Watching.Inotify;

/// <summary>
/// One inotify instance: a watch per folder (inotify is not recursive), the wd ↔ folder maps, and the parser of the
/// kernel's event records into <see cref="PendingChanges"/>. Closing the descriptor drops every watch at once.
/// </summary>
internal sealed unsafe class InotifyWatches : IDisposable
{
    private const uint InModify = 0x2, InAttrib = 0x4, InCloseWrite = 0x8, InMovedFrom = 0x40, InMovedTo = 0x80,
        InCreate = 0x100, InDelete = 0x200, InDeleteSelf = 0x400, InMoveSelf = 0x800, InQueueOverflow = 0x4000,
        InIgnored = 0x8000, InOnlyDir = 0x1000000, InDontFollow = 0x2000000, InExclUnlink = 0x4000000, InIsDir = 0x40000000;

    private const uint Mask = InModify | InAttrib | InCloseWrite | InMovedFrom | InMovedTo | InCreate | InDelete | InDeleteSelf
        | InMoveSelf | InOnlyDir | InDontFollow | InExclUnlink;

    private readonly string root;
    private readonly int? limitForTesting;
    private readonly Dictionary<int, string> folderOf = [];
    private readonly Dictionary<string, int> watchOf = new(StringComparer.Ordinal);

    public InotifyWatches(string root, int? limitForTesting)
    {
        this.root = root;
        this.limitForTesting = limitForTesting;
        Descriptor = Libc.InotifyInit1(Libc.O_CLOEXEC | Libc.O_NONBLOCK);
        if (Descriptor < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new WatchLimitException(errno == Libc.EMFILE
                ? $"inotify instance limit reached (fs.inotify.max_user_instances = {ReadLimit("max_user_instances")})"
                : $"inotify unavailable ({Libc.ErrorText(errno)})");
        }
    }

    public int Descriptor { get; private set; }

    public int Count => watchOf.Count;

    /// <summary>Watches a folder (relative to the root). False when it vanished meanwhile; throws when the limit is hit.</summary>
    public bool Add(string folder)
    {
        if (limitForTesting is { } limit && watchOf.Count >= limit && !watchOf.ContainsKey(folder))
        {
            throw new WatchLimitException($"inotify watch limit reached (limit {limit} for this test)");
        }
        var wd = Libc.InotifyAddWatch(Descriptor, folder.Length == 0 ? root : $"{root}/{folder}", Mask);
        if (wd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.ENOSPC)
            {
                throw new WatchLimitException($"inotify watch limit reached (fs.inotify.max_user_watches = {ReadLimit("max_user_watches")})");
            }
            return false; // ENOENT, ENOTDIR, EACCES: gone or not ours to watch; the next rescan tells
        }
        // The same inode can come back under a new name (a folder moved out and in again): one wd, the newest name.
        if (folderOf.Remove(wd, out var previous)) watchOf.Remove(previous);
        folderOf[wd] = folder;
        watchOf[folder] = wd;
        return true;
    }

    /// <summary>Drops the watches of a folder and every folder below it.</summary>
    public void Remove(string folder)
    {
        foreach (var key in Under(folder))
        {
            if (watchOf.Remove(key, out var wd))
            {
                folderOf.Remove(wd);
                Libc.InotifyRemoveWatch(Descriptor, wd); // fails harmlessly when the kernel dropped it already
            }
        }
    }

    /// <summary>A folder renamed inside the tree keeps its watches (they follow the inode); only the names change.</summary>
    public void Rename(string from, string to)
    {
        foreach (var key in Under(from))
        {
            watchOf.Remove(key, out var wd);
            var renamed = to + key[from.Length..];
            folderOf[wd] = renamed;
            watchOf[renamed] = wd;
        }
    }

    private List<string> Under(string folder)
    {
        if (folder.Length == 0) return [.. watchOf.Keys];
        var prefix = folder + "/";
        return watchOf.Keys.Where(key => key == folder || key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    /// <summary>Reads every queued event (the descriptor is non-blocking) into <paramref name="pending"/>.</summary>
    /// <returns>What happened to the root itself, and whether the kernel's queue overflowed.</returns>
    public (bool RootGone, bool Overflowed) Drain(PendingChanges pending, Func<string, bool, bool> ignored, byte[] buffer)
    {
        var rootGone = false;
        var overflowed = false;
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var read = Libc.Read(Descriptor, start, (nuint)buffer.Length);
                if (read <= 0)
                {
                    if (read < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
                    break;
                }
                for (var offset = 0; offset < read;)
                {
                    var wd = *(int*)(start + offset);
                    var mask = *(uint*)(start + offset + 4);
                    var cookie = *(uint*)(start + offset + 8);
                    var length = *(int*)(start + offset + 12);
                    var nameBytes = new ReadOnlySpan<byte>(start + offset + 16, length);
                    offset += 16 + length;
                    if ((mask & InQueueOverflow) != 0)
                    {
                        overflowed = true;
                        continue;
                    }
                    if (!folderOf.TryGetValue(wd, out var folder)) continue;
                    if ((mask & InIgnored) != 0)
                    {
                        folderOf.Remove(wd);
                        watchOf.Remove(folder);
                        if (folder.Length == 0) rootGone = true;
                        continue;
                    }
                    var terminator = nameBytes.IndexOf((byte)0);
                    if (terminator >= 0) nameBytes = nameBytes[..terminator];
                    if (nameBytes.IsEmpty)
                    {
                        // An event about the watched folder itself: only the root's matters (the parent reports the rest).
                        if (folder.Length == 0 && (mask & (InDeleteSelf | InMoveSelf)) != 0) rootGone = true;
                        continue;
                    }
                    var path = folder.Length == 0 ? System.Text.Encoding.UTF8.GetString(nameBytes) : $"{folder}/{System.Text.Encoding.UTF8.GetString(nameBytes)}";
                    var isDirectory = (mask & InIsDir) != 0;
                    if ((mask & InMovedFrom) != 0)
                    {
                        pending.MovedFrom(cookie, path);
                        continue;
                    }
                    if (ignored(path, isDirectory)) continue;
                    if ((mask & InMovedTo) != 0) pending.MovedTo(cookie, path);
                    else if ((mask & InCreate) != 0) pending.Touch(path, isDirectory ? PathFlags.Recursive : PathFlags.Content);
                    else if ((mask & InDelete) != 0) pending.Touch(path, PathFlags.None);
                    else if (!isDirectory) pending.Touch(path, PathFlags.Content);
                }
            }
        }
        return (rootGone, overflowed);
    }

    private static string ReadLimit(string name)
    {
        try
        {
            return File.ReadAllText($"/proc/sys/fs/inotify/{name}").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public void Dispose()
    {
        if (Descriptor < 0) return;
        Libc.Close(Descriptor); // releases every watch of this instance
        Descriptor = -1;
        folderOf.Clear();
        watchOf.Clear();
    }
}

/// <summary>The kernel would not give another watch (or instance); the watcher falls back to polling.</summary>
internal sealed class WatchLimitException(string message) : Exception(message);
