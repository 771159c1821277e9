using System.IO.Compression;
using System.Text;
using AotSuite.Http.Compression;
using AotSuite.StaticFiles.Metadata;
using AotSuite.StaticFiles.Resolving;

namespace AotSuite.StaticFiles.Responding;

/// <summary>
/// On-the-fly compression of a text file, once per file version: the result is kept on its <see cref="FileEntry"/>
/// (within the memory budget), so a busy file is compressed once, not once per request.
/// </summary>
internal static class Compressor
{
    // Brotli 5 compresses close to gzip -9 at several times gzip's speed; 11 costs seconds on a few MB.
    private const int BrotliQuality = 5;

    private static readonly Compressed NotWorthIt = new([], []);

    public static Compressed Get(FileEntry entry, ContentCoding coding, FileResolver resolver)
    {
        var kept = coding == ContentCoding.Brotli ? entry.DynamicBrotli : entry.DynamicGzip;
        if (kept is not null) return kept;
        var result = Compress(entry, coding);
        if (result.Bytes.Length == 0 || resolver.TryReserve(result.Bytes.Length))
        {
            if (coding == ContentCoding.Brotli) entry.DynamicBrotli = result;
            else entry.DynamicGzip = result;
        }
        return result;
    }

    private static Compressed Compress(FileEntry entry, ContentCoding coding)
    {
        byte[] source;
        try
        {
            source = entry.Content ?? File.ReadAllBytes(entry.FullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return NotWorthIt;
        }
        if (source.Length != entry.Length) return NotWorthIt; // changed since it was checked; the next check catches up

        var compressed = ContentEncoder.Compress(source, coding, CompressionLevel.Optimal, BrotliQuality);
        // Under 5% saved does not pay for the client's decompression.
        if (compressed.Length >= source.Length * 0.95) return NotWorthIt;
        return new Compressed(compressed, TaggedETag(entry.ETag, coding == ContentCoding.Brotli ? "br" : "gz"));
    }

    /// <summary><c>"len-mtime"</c> → <c>"len-mtime-br"</c>: each representation needs its own strong validator.</summary>
    private static byte[] TaggedETag(byte[] etag, string suffix) =>
        [.. etag.AsSpan(0, etag.Length - 1), (byte)'-', .. Encoding.ASCII.GetBytes(suffix), (byte)'"'];
}
