using System.Collections.Concurrent;
using System.Diagnostics;
using AotSuite.Http.Compression;
using AotSuite.StaticFiles.Metadata;

namespace AotSuite.StaticFiles.Resolving;

/// <summary>
/// Relative request paths → <see cref="FileEntry"/>, cached. A lookup is a dictionary hit on the decoded path (no
/// string made); an entry older than <see cref="StaticFileOptions.RevalidateAfter"/> is rebuilt from disk, which is the
/// only time symlinks are followed and files are stat'ed or read.
/// </summary>
internal sealed class FileResolver
{
    // Past this many paths the cache starts over (a crawler asking for a million missing paths must not grow it forever).
    private const int MaxEntries = 16_384;

    private readonly ConcurrentDictionary<string, FileEntry> cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FileEntry>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly StaticFileOptions options;
    private readonly CachePolicy cachePolicy;
    private readonly long revalidateTicks;
    private long cachedBytes;

    public FileResolver(StaticFileOptions options)
    {
        this.options = options;
        var full = Path.GetFullPath(options.Root);
        Root = (Directory.Exists(full) ? SymlinkResolver.Resolve(full) : null)
            ?? throw new DirectoryNotFoundException($"no directory '{options.Root}' to serve");
        lookup = cache.GetAlternateLookup<ReadOnlySpan<char>>();
        cachePolicy = new CachePolicy(options);
        revalidateTicks = (long)(options.RevalidateAfter.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>The served folder, canonical (symlinks resolved).</summary>
    public string Root { get; }

    public FileEntry Resolve(ReadOnlySpan<char> relative)
    {
        var now = Stopwatch.GetTimestamp();
        if (lookup.TryGetValue(relative, out var entry) && now - entry.ValidatedAt < revalidateTicks) return entry;
        return Refresh(relative.ToString(), entry, now);
    }

    public FileEntry Resolve(string relative)
    {
        var now = Stopwatch.GetTimestamp();
        if (cache.TryGetValue(relative, out var entry) && now - entry.ValidatedAt < revalidateTicks) return entry;
        return Refresh(relative, entry, now);
    }

    /// <summary>Keeps <paramref name="bytes"/> more in memory if the budget allows.</summary>
    public bool TryReserve(long bytes)
    {
        if (Interlocked.Add(ref cachedBytes, bytes) <= options.MemoryCacheBytes) return true;
        Interlocked.Add(ref cachedBytes, -bytes);
        return false;
    }

    private FileEntry Refresh(string relative, FileEntry? previous, long now)
    {
        var fresh = Build(relative, previous, now);
        if (fresh.Kind != EntryKind.File)
        {
            Release(previous);
            Release(previous?.Brotli);
            Release(previous?.Gzip);
        }
        if (cache.Count >= MaxEntries)
        {
            cache.Clear();
            Interlocked.Exchange(ref cachedBytes, 0);
        }
        cache[relative] = fresh;
        return fresh;
    }

    /// <summary>
    /// Gives back the memory of a file version that is being replaced (or is gone), before its successor reserves its own.
    /// Two threads refreshing the same path at once may both give it back: the budget is a bound, not an account.
    /// </summary>
    private void Release(FileEntry? old)
    {
        if (old is not { Kind: EntryKind.File }) return;
        var bytes = (old.Content?.Length ?? 0) + (old.DynamicBrotli?.Bytes.Length ?? 0) + (old.DynamicGzip?.Bytes.Length ?? 0);
        Interlocked.Add(ref cachedBytes, -bytes);
    }

    private FileEntry Build(string relative, FileEntry? previous, long now)
    {
        var real = Canonical(relative.Length == 0 ? Root : Root + "/" + relative);
        if (real is null) return FileEntry.Missing(now);
        if (Directory.Exists(real))
        {
            var index = options.IndexFiles.Select(name => relative.Length == 0 ? name : relative + "/" + name).ToArray();
            return FileEntry.Folder(real, index, now);
        }
        return BuildFile(real, previous, now, siblings: true);
    }

    /// <summary>The real path if it stays under the root and (unless allowed) names no dotfile on the way; else null.</summary>
    private string? Canonical(string path)
    {
        var real = SymlinkResolver.Resolve(path);
        if (real is null || !SymlinkResolver.IsUnder(real, Root)) return null;
        // A symlink with a plain name may lead to a dotfile or into a dot folder inside the root: refused all the same.
        if (!options.AllowDotfiles && real.AsSpan(Root.Length).Contains("/.", StringComparison.Ordinal)) return null;
        return real;
    }

    private FileEntry BuildFile(string real, FileEntry? previous, long now, bool siblings)
    {
        try
        {
            using var handle = File.OpenHandle(real);
            var length = RandomAccess.GetLength(handle);
            var modified = File.GetLastWriteTimeUtc(handle);
            FileEntry? brotli = null, gzip = null;
            if (siblings && options.Precompressed && !real.EndsWith(".br", StringComparison.Ordinal) && !real.EndsWith(".gz", StringComparison.Ordinal))
            {
                brotli = Sibling(real + ".br", previous?.Brotli, now);
                gzip = Sibling(real + ".gz", previous?.Gzip, now);
            }
            if (previous is not null && previous.IsSameVersion(real, length, modified)) return previous.Revalidated(now, brotli, gzip);
            Release(previous);

            byte[]? content = null;
            if (length <= options.InMemoryMaxFileBytes && TryReserve(length))
            {
                content = new byte[length];
                var read = RandomAccess.Read(handle, content, 0);
                // Changed under us (truncated while read): serve from disk this time; the next check sees the new version.
                if (read != length) content = null;
            }
            var type = MimeTypes.For(real);
            var compress = options.CompressText && CompressibleTypes.IsCompressible(type) && length >= options.CompressMinBytes && length <= options.CompressMaxBytes;
            return FileEntry.File(real, length, modified, type, cachePolicy.For(real, type), now, content, brotli, gzip, compress);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FileEntry.Missing(now);
        }
    }

    private FileEntry? Sibling(string path, FileEntry? previous, long now)
    {
        if (!File.Exists(path))
        {
            Release(previous);
            return null;
        }
        var real = Canonical(path);
        if (real is null || Directory.Exists(real)) return null;
        var entry = BuildFile(real, previous, now, siblings: false);
        return entry.Kind == EntryKind.File ? entry : null;
    }
}
