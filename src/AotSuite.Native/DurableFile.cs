namespace AotSuite.Native;

/// <summary>
/// Replaces a file so that a crash at any moment leaves either the old or the new content, never a mix: write a temp
/// file beside it, fsync it, rename it over the target, fsync the folder (the rename itself is metadata that a power cut
/// can lose otherwise).
/// </summary>
public static class DurableFile
{
    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="content"/>.</summary>
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        // The pid keeps two processes from ever sharing a temp name, even when a caller forgot its lock.
        var temp = $"{full}.tmp-{Environment.ProcessId}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        SyncDirectory(directory);
    }

    /// <summary>Makes renames and creations inside <paramref name="directory"/> durable.</summary>
    public static void SyncDirectory(string directory)
    {
        var error = NativeMethods.FsyncDirectory(directory);
        if (error != 0) throw new IOException($"{directory}: fsync of the folder failed (errno {error})");
    }
}
