using System.Security.Cryptography;
using System.Text;
using AotSuite.Web;

namespace AotSuite.Tools.ChatServer;

/// <summary>
/// Serves the page's files from inside the binary (so the app stays one file): read once at start-up, answered with
/// an ETag and 304 on a match. Anything else goes on to the API.
/// </summary>
internal sealed class EmbeddedAssets
{
    private readonly Dictionary<string, (byte[] Body, byte[] ContentType, byte[] ETag)> files = new(StringComparer.Ordinal);

    public EmbeddedAssets()
    {
        var assembly = typeof(EmbeddedAssets).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var body = copy.ToArray();
            var etag = Encoding.ASCII.GetBytes("\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 8)) + "\"");
            var path = name["wwwroot".Length..];
            files[path] = (body, Encoding.ASCII.GetBytes(ContentTypeOf(path)), etag);
            if (path.EndsWith("/index.html", StringComparison.Ordinal)) files[path[..^"index.html".Length]] = files[path];
        }
    }

    public async ValueTask ServeAsync(WebContext context, Next next)
    {
        var method = context.Request.Method;
        if (method is not (AotSuite.Http.Parsing.HttpMethod.Get or AotSuite.Http.Parsing.HttpMethod.Head)
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
    }

    private static string ContentTypeOf(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
