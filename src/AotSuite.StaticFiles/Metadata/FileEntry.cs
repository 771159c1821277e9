using System.Globalization;
using System.Text;

namespace AotSuite.StaticFiles.Metadata;

/// <summary>
/// One path's answer, worked out once per file version and shared by every request until it is checked again: the
/// header values as bytes ready to write, and for small files the bytes themselves.
/// </summary>
internal sealed class FileEntry
{
    private FileEntry(EntryKind kind, long validatedAt)
    {
        Kind = kind;
        ValidatedAt = validatedAt;
    }

    public EntryKind Kind { get; }

    /// <summary>Stopwatch timestamp of the last check on disk.</summary>
    public long ValidatedAt { get; }

    /// <summary>The real path (symlinks resolved), under the root.</summary>
    public string FullPath { get; private init; } = "";

    public long Length { get; private init; }

    /// <summary>UTC, whole seconds (what Last-Modified can say, and so what If-Modified-Since compares with).</summary>
    public DateTimeOffset LastModified { get; private init; }

    /// <summary>The modification time at full precision, to notice a change within the same second.</summary>
    private long ModifiedTicks { get; init; }

    /// <summary>Strong validator from length and modification time (as nginx's): <c>"5f3e-18c2b1a9f10"</c>.</summary>
    public byte[] ETag { get; private init; } = [];

    public byte[] LastModifiedText { get; private init; } = [];

    public string ContentTypeName { get; private init; } = "";

    public byte[] ContentType { get; private init; } = [];

    public byte[] CacheControl { get; private init; } = [];

    /// <summary>The file's bytes when small enough to keep (see <see cref="StaticFileOptions.InMemoryMaxFileBytes"/>).</summary>
    public byte[]? Content { get; private init; }

    /// <summary><c>name.br</c> / <c>name.gz</c> beside the file, when present and precompressed files are served.</summary>
    public FileEntry? Brotli { get; private init; }

    public FileEntry? Gzip { get; private init; }

    /// <summary>Whether on-the-fly compression applies (a text type within the size bounds).</summary>
    public bool CompressOnTheFly { get; private init; }

    public Compressed? DynamicBrotli { get; set; }

    public Compressed? DynamicGzip { get; set; }

    /// <summary>For a folder: the cache keys of its index file candidates, in order.</summary>
    public string[] IndexPaths { get; private init; } = [];

    /// <summary>Another representation exists (a coding), so responses carry <c>Vary: Accept-Encoding</c>.</summary>
    public bool HasCodings => Brotli is not null || Gzip is not null || CompressOnTheFly;

    public static FileEntry Missing(long now) => new(EntryKind.Missing, now);

    public static FileEntry Folder(string fullPath, string[] indexPaths, long now) =>
        new(EntryKind.Directory, now) { FullPath = fullPath, IndexPaths = indexPaths };

    public static FileEntry File(string fullPath, long length, DateTime modifiedUtc, string contentType, byte[] cacheControl, long now,
        byte[]? content, FileEntry? brotli, FileEntry? gzip, bool compressOnTheFly)
    {
        var seconds = new DateTimeOffset(modifiedUtc.Ticks - modifiedUtc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var unixMs = new DateTimeOffset(modifiedUtc, TimeSpan.Zero).ToUnixTimeMilliseconds();
        return new(EntryKind.File, now)
        {
            FullPath = fullPath,
            Length = length,
            LastModified = seconds,
            ModifiedTicks = modifiedUtc.Ticks,
            ETag = Encoding.ASCII.GetBytes($"\"{length:x}-{unixMs:x}\""),
            LastModifiedText = Encoding.ASCII.GetBytes(seconds.ToString("r", CultureInfo.InvariantCulture)),
            ContentTypeName = contentType,
            ContentType = Encoding.ASCII.GetBytes(contentType),
            CacheControl = cacheControl,
            Content = content,
            Brotli = brotli,
            Gzip = gzip,
            CompressOnTheFly = compressOnTheFly,
        };
    }

    /// <summary>The same file version, checked again now: keeps its bytes and what was compressed from them.</summary>
    public FileEntry Revalidated(long now, FileEntry? brotli, FileEntry? gzip) =>
        new(Kind, now)
        {
            FullPath = FullPath,
            Length = Length,
            LastModified = LastModified,
            ModifiedTicks = ModifiedTicks,
            ETag = ETag,
            LastModifiedText = LastModifiedText,
            ContentTypeName = ContentTypeName,
            ContentType = ContentType,
            CacheControl = CacheControl,
            Content = Content,
            Brotli = brotli,
            Gzip = gzip,
            CompressOnTheFly = CompressOnTheFly,
            DynamicBrotli = DynamicBrotli,
            DynamicGzip = DynamicGzip,
            IndexPaths = IndexPaths,
        };

    /// <summary>Same real path, length and modification time: nothing to read again.</summary>
    public bool IsSameVersion(string fullPath, long length, DateTime modifiedUtc) =>
        Kind == EntryKind.File && FullPath == fullPath && Length == length && ModifiedTicks == modifiedUtc.Ticks;
}
