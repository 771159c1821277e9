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
        var files = new Dictionary<string, (byte[] Body, byte[] ContentType, byte[] ETag)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(folder + "/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var body = copy.ToArray();
            var etag = Encoding.ASCII.GetBytes("\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 8)) + "\"");
            var path = name[folder.Length..];
            files[path] = (body, Encoding.ASCII.GetBytes(ContentTypeOf(path)), etag);
            if (path.EndsWith("/index.html", StringComparison.Ordinal)) files[path[..^"index.html".Length]] = files[path];
        }

        return async (context, next) =>
        {
            if (context.Request.Method is not (HttpMethod.Get or HttpMethod.Head)
                || !files.TryGetValue(Encoding.UTF8.GetString(context.Request.Path), out var file))
            {
                await next();
                return;
            }
            context.Response.AddHeader("ETag"u8, file.ETag);
            context.Response.AddHeader("Cache-Control"u8, "no-cache"u8);
            if (context.Request.TryGetHeader("If-None-Match"u8, out var tag) && tag.SequenceEqual(file.ETag))
            {
                context.Status = 304;
                return;
            }
            context.Response.AddHeader("Content-Type"u8, file.ContentType);
            context.Response.AddHeader("X-Content-Type-Options"u8, "nosniff"u8);
            context.Response.Write(file.Body);
        };
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
