using System.Collections.Frozen;

namespace AotSuite.StaticFiles.Metadata;

/// <summary>File extension → media type: what browsers and bundlers meet on the web; anything else is octet-stream.</summary>
internal static class MimeTypes
{
    public const string Default = "application/octet-stream";

    private static readonly FrozenDictionary<string, string> ByExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["html"] = "text/html; charset=utf-8",
        ["htm"] = "text/html; charset=utf-8",
        ["css"] = "text/css; charset=utf-8",
        ["js"] = "text/javascript; charset=utf-8",
        ["mjs"] = "text/javascript; charset=utf-8",
        ["cjs"] = "text/javascript; charset=utf-8",
        ["json"] = "application/json",
        ["map"] = "application/json",
        ["webmanifest"] = "application/manifest+json",
        ["txt"] = "text/plain; charset=utf-8",
        ["md"] = "text/markdown; charset=utf-8",
        ["csv"] = "text/csv; charset=utf-8",
        ["xml"] = "application/xml",
        ["svg"] = "image/svg+xml",
        ["png"] = "image/png",
        ["jpg"] = "image/jpeg",
        ["jpeg"] = "image/jpeg",
        ["gif"] = "image/gif",
        ["webp"] = "image/webp",
        ["avif"] = "image/avif",
        ["ico"] = "image/x-icon",
        ["bmp"] = "image/bmp",
        ["woff"] = "font/woff",
        ["woff2"] = "font/woff2",
        ["ttf"] = "font/ttf",
        ["otf"] = "font/otf",
        ["wasm"] = "application/wasm",
        ["pdf"] = "application/pdf",
        ["zip"] = "application/zip",
        ["gz"] = "application/gzip",
        ["br"] = "application/x-brotli",
        ["tar"] = "application/x-tar",
        ["mp3"] = "audio/mpeg",
        ["ogg"] = "audio/ogg",
        ["wav"] = "audio/wav",
        ["mp4"] = "video/mp4",
        ["webm"] = "video/webm",
        ["mov"] = "video/quicktime",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static string For(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        if (dot < 0 || fileName.LastIndexOf('/') > dot) return Default;
        return ByExtension.TryGetValue(fileName[(dot + 1)..], out var type) ? type : Default;
    }
}
