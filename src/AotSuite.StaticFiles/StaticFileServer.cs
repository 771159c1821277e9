using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using AotSuite.Http.Compression;
using AotSuite.Http.Connection;
using AotSuite.Http.Parsing;
using AotSuite.StaticFiles.Metadata;
using AotSuite.StaticFiles.Negotiation;
using AotSuite.StaticFiles.Resolving;
using AotSuite.StaticFiles.Responding;
using Microsoft.Win32.SafeHandles;

namespace AotSuite.StaticFiles;

/// <summary>
/// Serves the files under <see cref="StaticFileOptions.Root"/>. As middleware, call <see cref="TryServeAsync"/> and run
/// the next middleware when it returns false; as a whole server, use <see cref="Handler"/> (404 for anything else).
/// </summary>
public sealed class StaticFileServer
{
    private readonly StaticFileOptions options;
    private readonly FileResolver resolver;
    private readonly string? spaKey;

    /// <exception cref="DirectoryNotFoundException">The root is not a folder.</exception>
    public StaticFileServer(StaticFileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        resolver = new FileResolver(options);
        spaKey = options.SpaFallback?.Trim('/');
        Handler = HandleAsync;
    }

    /// <summary>The served folder with symlinks resolved.</summary>
    public string Root => resolver.Root;

    /// <summary>A whole server: files as <see cref="TryServeAsync"/> serves them, and 404 for the rest.</summary>
    public HttpHandler Handler { get; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask HandleAsync(HttpContext context)
    {
        if (await TryServeAsync(context)) return;
        var response = context.Response;
        response.StatusCode = 404;
        response.AddHeader("Content-Type"u8, "text/plain; charset=utf-8"u8);
        AddCommonHeaders(response);
        response.Write("Not Found\n"u8);
    }

    /// <summary>
    /// Answers the request if it names a file (or folder) here: true when answered (including 304, 206, 416, a
    /// redirect to add a folder's slash, and 400 for a path that tries to leave the root); false when there is nothing
    /// here for it (not GET/HEAD, no such file, a dotfile, a symlink leading out), with the response untouched.
    /// </summary>
    public ValueTask<bool> TryServeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var method = request.Method;
        if (method is not (HttpMethod.Get or HttpMethod.Head))
        {
            if (method == HttpMethod.Options && options.Cors && request.TryGetHeader("Access-Control-Request-Method"u8, out _))
            {
                Preflight(context);
                return new(true);
            }
            return new(false);
        }

        var target = request.Path;
        if (target.Length > RequestPath.MaxChars) return new(false);
        Span<char> path = stackalloc char[target.Length];
        var verdict = RequestPath.Normalize(target, path, options.AllowDotfiles, out var length, out var trailingSlash);
        if (verdict == PathVerdict.BadRequest)
        {
            BadRequest(context.Response);
            return new(true);
        }
        if (verdict != PathVerdict.Ok) return new(false);

        var relative = path[..length];
        var entry = resolver.Resolve(relative);
        switch (entry.Kind)
        {
            case EntryKind.File when !trailingSlash:
                return ServeAsync(context, entry);
            case EntryKind.Directory when !trailingSlash && length > 0:
                Redirect(context, relative);
                return new(true);
            case EntryKind.Directory:
                foreach (var index in entry.IndexPaths)
                {
                    var file = resolver.Resolve(index);
                    if (file.Kind == EntryKind.File) return ServeAsync(context, file);
                }
                if (!options.DirectoryListing) return new(false);
                Listing(context, entry, relative);
                return new(true);
        }

        if (spaKey is not null && !RequestPath.HasExtension(relative))
        {
            var app = resolver.Resolve(spaKey);
            if (app.Kind == EntryKind.File) return ServeAsync(context, app);
        }
        return new(false);
    }

    private ValueTask<bool> ServeAsync(HttpContext context, FileEntry entry)
    {
        var request = context.Request;
        var response = context.Response;
        var isHead = request.Method == HttpMethod.Head;
        ReadOnlySpan<byte> range = default;
        var hasRange = !isHead && request.TryGetHeader("Range"u8, out range);

        // The representation: a range is served from the file as it is (Accept-Ranges speaks of its bytes).
        var coding = ContentCoding.Identity;
        if (entry.HasCodings && !hasRange && request.TryGetHeader("Accept-Encoding"u8, out var acceptEncoding))
        {
            coding = AcceptEncoding.Choose(acceptEncoding, entry.Brotli is not null || entry.CompressOnTheFly, entry.Gzip is not null || entry.CompressOnTheFly);
        }
        var etag = entry.ETag;
        var bytes = entry.Content;
        var diskPath = entry.FullPath;
        var length = entry.Length;
        if (coding != ContentCoding.Identity)
        {
            var sibling = coding == ContentCoding.Brotli ? entry.Brotli : entry.Gzip;
            if (sibling is not null)
            {
                (etag, bytes, diskPath, length) = (sibling.ETag, sibling.Content, sibling.FullPath, sibling.Length);
            }
            else if (Compressor.Get(entry, coding, resolver) is { Bytes.Length: > 0 } compressed)
            {
                (etag, bytes, length) = (compressed.ETag, compressed.Bytes, compressed.Bytes.Length);
            }
            else
            {
                coding = ContentCoding.Identity;
            }
        }

        var notModified = Preconditions.NotModified(
            request.TryGetHeader("If-None-Match"u8, out var ifNoneMatch) ? ifNoneMatch : default, !ifNoneMatch.IsEmpty,
            request.TryGetHeader("If-Modified-Since"u8, out var ifModifiedSince) ? ifModifiedSince : default, !ifModifiedSince.IsEmpty,
            etag, entry.LastModified);

        long start = 0, count = length;
        var rangeKind = RangeKind.Whole;
        if (!notModified && hasRange && (!request.TryGetHeader("If-Range"u8, out var ifRange) || Preconditions.RangeStillValid(ifRange, etag, entry.LastModified)))
        {
            rangeKind = ByteRange.Parse(range, length, out start, out count);
        }

        // Open before writing any header: a file gone since it was checked is "not here", and the response stays untouched.
        SafeFileHandle? file = null;
        if (bytes is null && !notModified && !isHead && rangeKind != RangeKind.Unsatisfiable)
        {
            try
            {
                // AotSuite.Http sends a handle opened for asynchronous I/O with sendfile(2), any other by reading it.
                file = File.OpenHandle(diskPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite,
                    options.SendFile ? FileOptions.Asynchronous : FileOptions.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new(false);
            }
        }

        response.AddHeader("ETag"u8, etag);
        response.AddHeader("Last-Modified"u8, entry.LastModifiedText);
        response.AddHeader("Cache-Control"u8, entry.CacheControl);
        if (entry.HasCodings) response.AddHeader("Vary"u8, "Accept-Encoding"u8);
        AddCommonHeaders(response);
        if (notModified)
        {
            response.StatusCode = 304;
            return new(true);
        }
        response.AddHeader("Content-Type"u8, entry.ContentType);
        response.AddHeader("Accept-Ranges"u8, "bytes"u8);
        if (coding != ContentCoding.Identity) response.AddHeader("Content-Encoding"u8, ContentCodingNames.Token(coding));

        if (rangeKind == RangeKind.Unsatisfiable)
        {
            response.StatusCode = 416;
            Span<byte> unsatisfied = stackalloc byte[32];
            "bytes */"u8.CopyTo(unsatisfied);
            Utf8Formatter.TryFormat(length, unsatisfied[8..], out var digits);
            response.AddHeader("Content-Range"u8, unsatisfied[..(8 + digits)]);
            return new(true);
        }
        if (rangeKind == RangeKind.Partial)
        {
            response.StatusCode = 206;
            Span<byte> contentRange = stackalloc byte[80];
            response.AddHeader("Content-Range"u8, FormatContentRange(contentRange, start, count, length));
        }

        if (bytes is not null)
        {
            response.Write(bytes.AsSpan((int)start, (int)count));
            return new(true);
        }
        if (file is null) return HeadOfLargeFileAsync(response, count);
        return SendFromDiskAsync(response, file, start, count);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> HeadOfLargeFileAsync(HttpResponse response, long count)
    {
        await response.StartAsync(count);
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> SendFromDiskAsync(HttpResponse response, SafeFileHandle file, long start, long count)
    {
        using (file)
        {
            await response.SendFileAsync(file, start, count);
        }
        return true;
    }

    private static ReadOnlySpan<byte> FormatContentRange(Span<byte> buffer, long start, long count, long length)
    {
        "bytes "u8.CopyTo(buffer);
        var at = 6;
        Utf8Formatter.TryFormat(start, buffer[at..], out var written);
        at += written;
        buffer[at++] = (byte)'-';
        Utf8Formatter.TryFormat(start + count - 1, buffer[at..], out written);
        at += written;
        buffer[at++] = (byte)'/';
        Utf8Formatter.TryFormat(length, buffer[at..], out written);
        return buffer[..(at + written)];
    }

    private void AddCommonHeaders(HttpResponse response)
    {
        response.AddHeader("X-Content-Type-Options"u8, "nosniff"u8);
        if (options.Cors) response.AddHeader("Access-Control-Allow-Origin"u8, "*"u8);
    }

    private void Preflight(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = 204;
        response.AddHeader("Access-Control-Allow-Origin"u8, "*"u8);
        response.AddHeader("Access-Control-Allow-Methods"u8, "GET, HEAD, OPTIONS"u8);
        if (context.Request.TryGetHeader("Access-Control-Request-Headers"u8, out var asked)) response.AddHeader("Access-Control-Allow-Headers"u8, asked);
        response.AddHeader("Access-Control-Max-Age"u8, "86400"u8);
    }

    private void BadRequest(HttpResponse response)
    {
        response.StatusCode = 400;
        response.AddHeader("Content-Type"u8, "text/plain; charset=utf-8"u8);
        AddCommonHeaders(response);
        response.Write("Bad Request: the path is malformed or leaves the served folder\n"u8);
    }

    /// <summary>
    /// <c>/docs</c> → <c>/docs/</c>, so the folder's relative links resolve. The Location is rebuilt from the normalized
    /// segments, never echoed: <c>//evil.example</c> must not become a redirect to another host.
    /// </summary>
    private void Redirect(HttpContext context, ReadOnlySpan<char> relative)
    {
        var location = new StringBuilder("/");
        foreach (var segment in relative.ToString().Split('/')) location.Append(Uri.EscapeDataString(segment)).Append('/');
        var query = context.Request.Query;
        var response = context.Response;
        response.StatusCode = 301;
        response.AddHeader("Location"u8, [.. Encoding.UTF8.GetBytes(location.ToString()), .. query.IsEmpty ? [] : (ReadOnlySpan<byte>)[(byte)'?', .. query]]);
        AddCommonHeaders(response);
    }

    private void Listing(HttpContext context, FileEntry folder, ReadOnlySpan<char> relative)
    {
        var response = context.Response;
        response.AddHeader("Content-Type"u8, "text/html; charset=utf-8"u8);
        response.AddHeader("Cache-Control"u8, "no-cache"u8);
        AddCommonHeaders(response);
        response.Write(DirectoryListing.Render(folder.FullPath, relative, resolver.Root, options.AllowDotfiles));
    }
}
