using System.ComponentModel;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using AotSuite.Http.Parsing;

namespace AotSuite.Web;

/// <summary>
/// Serves files embedded in an assembly (<c>&lt;EmbeddedResource Include="wwwroot/**" LogicalName="wwwroot/%(RecursiveDir)%(Filename)%(Extension)" /&gt;</c>),
/// so an app with a page stays one native file: read once at start-up, answered with an ETag and 304 on a match; any
/// other request goes on to the next middleware. For files on disk, use AotSuite.StaticFiles.
/// </summary>
public static class EmbeddedFiles
{
    public static Middleware Create(Assembly assembly, string folder = "wwwroot")
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var files = new Dictionary<string, Runner.File>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(folder + "/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var body = copy.ToArray();
            var etag = Encoding.ASCII.GetBytes("\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 8)) + "\"");
            var path = name[folder.Length..];
            files[path] = new(body, Encoding.ASCII.GetBytes(ContentTypeOf(path)), etag);
            if (path.EndsWith("/index.html", StringComparison.Ordinal)) files[path[..^"index.html".Length]] = files[path];
        }
        return new Runner(files).InvokeAsync;
    }

    /// <summary>The middleware itself; a chain the generator composes calls it directly rather than through its delegate.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class Runner
    {
        // Paths are decoded into this many chars on the stack; an app whose names are longer pays a small array per request.
        private const int StackChars = 128;
        private readonly Dictionary<string, File>.AlternateLookup<ReadOnlySpan<char>> files;
        // No name is longer in UTF-8 than this: a longer path cannot match and is not decoded.
        private readonly int longestName;

        internal Runner(Dictionary<string, File> files)
        {
            this.files = files.GetAlternateLookup<ReadOnlySpan<char>>();
            longestName = files.Keys.Select(Encoding.UTF8.GetByteCount).DefaultIfEmpty(0).Max();
        }

        public ValueTask InvokeAsync(WebContext context, Next next)
        {
            var request = context.Request;
            if (request.Method is not (HttpMethod.Get or HttpMethod.Head) || !TryFind(request.Path, out var file)) return next();
            var response = context.Response;
            response.AddHeader("ETag"u8, file.ETag);
            response.AddHeader("Cache-Control"u8, "no-cache"u8);
            if (request.TryGetHeader("If-None-Match"u8, out var tag) && tag.SequenceEqual(file.ETag))
            {
                context.Status = 304;
                return default;
            }
            response.AddHeader("Content-Type"u8, file.ContentType);
            response.AddHeader("X-Content-Type-Options"u8, "nosniff"u8);
            response.Write(file.Body);
            return default;
        }

        /// <summary>Looks the raw path up without making a string (UTF-8 never has more chars than bytes).</summary>
        private bool TryFind(ReadOnlySpan<byte> path, out File file)
        {
            file = default;
            if (path.Length > longestName) return false;
            Span<char> chars = path.Length <= StackChars ? stackalloc char[StackChars] : new char[path.Length];
            var length = Encoding.UTF8.GetChars(path, chars);
            return files.TryGetValue(chars[..length], out file);
        }

        internal readonly record struct File(byte[] Body, byte[] ContentType, byte[] ETag);
    }

    private static string ContentTypeOf(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".json" => "application/json",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}
