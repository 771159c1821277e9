using System.Text;

namespace AotSuite.StaticFiles.Metadata;

/// <summary>Which <c>Cache-Control</c> a file gets (see <see cref="StaticFileOptions.ImmutableFingerprinted"/>).</summary>
internal sealed class CachePolicy(StaticFileOptions options)
{
    private static readonly byte[] NoCache = "no-cache"u8.ToArray();
    private static readonly byte[] Immutable = "public, max-age=31536000, immutable"u8.ToArray();
    private readonly byte[] standard = Encoding.ASCII.GetBytes($"public, max-age={(long)options.MaxAge.TotalSeconds}");

    public byte[] For(string fileName, string contentType)
    {
        if (contentType.StartsWith("text/html", StringComparison.Ordinal)) return NoCache;
        if (options.ImmutableFingerprinted && IsFingerprinted(fileName)) return Immutable;
        return standard;
    }

    /// <summary>A dot-separated part of the name (not the first, not the extension) of 8+ hex digits: <c>app.3f9a2b1c.js</c>.</summary>
    internal static bool IsFingerprinted(string fileName)
    {
        var parts = Path.GetFileName(fileName).Split('.');
        for (var i = 1; i < parts.Length - 1; i++)
        {
            if (parts[i].Length >= 8 && parts[i].All(char.IsAsciiHexDigit)) return true;
        }
        return false;
    }
}
