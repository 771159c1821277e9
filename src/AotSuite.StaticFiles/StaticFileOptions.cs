namespace AotSuite.StaticFiles;

/// <summary>What <see cref="StaticFileServer"/> serves and how. Only <see cref="Root"/> is required.</summary>
public sealed record StaticFileOptions
{
    /// <summary>The folder to serve. Nothing outside it is ever sent: not through <c>..</c>, not through a symlink.</summary>
    public required string Root { get; init; }

    /// <summary>Files tried, in order, for a request that names a folder (<c>/docs/</c>).</summary>
    public IReadOnlyList<string> IndexFiles { get; init; } = ["index.html"];

    /// <summary>
    /// Single-page app: a GET for a path that is not a file and whose last segment has no extension (<c>/users/42</c>,
    /// not <c>/app.js</c>) gets this file from the root with 200, so the client-side router can take over. Null: off.
    /// </summary>
    public string? SpaFallback { get; init; }

    /// <summary>Files and folders whose name starts with '.' are served (off: they are as if absent, and listings hide them).</summary>
    public bool AllowDotfiles { get; init; }

    /// <summary>A folder without an index file gets an HTML listing of its entries (off: not found).</summary>
    public bool DirectoryListing { get; init; }

    /// <summary><c>Access-Control-Allow-Origin: *</c> on every answer, and 204 to CORS preflight requests.</summary>
    public bool Cors { get; init; }

    /// <summary>Serve <c>name.br</c> / <c>name.gz</c> next to <c>name</c> to clients that accept that coding.</summary>
    public bool Precompressed { get; init; } = true;

    /// <summary>Compress text types (HTML, CSS, JS, JSON, SVG, XML, plain text) on the fly when no sibling exists; done once per file version and kept.</summary>
    public bool CompressText { get; init; } = true;

    /// <summary>Smallest file compressed on the fly: below ~1 KiB the saving is lost in the headers.</summary>
    public long CompressMinBytes { get; init; } = 1024;

    /// <summary>Largest file compressed on the fly (it is compressed whole, in memory, and the result kept).</summary>
    public long CompressMaxBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary><c>Cache-Control: public, max-age=N</c> for files that are neither HTML nor fingerprinted.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Fingerprinted names (a dot-separated part of 8 or more hex digits, as bundlers write: <c>app.3f9a2b1c.js</c>) get
    /// <c>public, max-age=31536000, immutable</c>; HTML always gets <c>no-cache</c> so a new deploy is seen at once.
    /// </summary>
    public bool ImmutableFingerprinted { get; init; } = true;

    /// <summary>How long a file's metadata (and, for small files, its bytes) is trusted before it is checked on disk again.</summary>
    public TimeSpan RevalidateAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Files up to this size are kept in memory (within <see cref="MemoryCacheBytes"/>); larger ones are sent from disk (sendfile).</summary>
    public long InMemoryMaxFileBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Larger files go out with sendfile(2), no copy through user space (the default, as nginx's <c>sendfile on</c>). Off,
    /// they are read into the connection's buffer block by block and written: about 2.5x the server CPU per byte, but
    /// on loopback (behind a reverse proxy on the same machine) concurrent large downloads then move 15-45% more bytes per
    /// second, as the Node servers that copy do (docs/BENCHMARKS.md, "Static files").
    /// </summary>
    public bool SendFile { get; init; } = true;

    /// <summary>Total bytes of file contents and compressed variants kept in memory.</summary>
    public long MemoryCacheBytes { get; init; } = 64 * 1024 * 1024;
}
