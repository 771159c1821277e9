using System.IO.Compression;

namespace AotSuite.Web;

/// <summary>What <see cref="Compression.Create"/> compresses, and how hard.</summary>
public sealed record CompressionOptions
{
    /// <summary>
    /// Buffered bodies shorter than this are sent as they are: below about a kilobyte, the coding's overhead eats the
    /// gain (@fastify/compress's and expressjs/compression's threshold). Streamed bodies without a known length are
    /// always compressed.
    /// </summary>
    public int MinimumBytes { get; init; } = 1024;

    /// <summary>
    /// <see cref="CompressionLevel.Fastest"/> by default, as ASP.NET Core's response compression: per-request compression
    /// is paid on every answer. Brotli quality 1/4/11 and gzip level 1/6/9 for Fastest/Optimal/SmallestSize.
    /// </summary>
    public CompressionLevel Level { get; init; } = CompressionLevel.Fastest;

    /// <summary>Offer brotli (<c>br</c>), preferred over gzip at equal weight.</summary>
    public bool Brotli { get; init; } = true;

    /// <summary>Offer gzip.</summary>
    public bool Gzip { get; init; } = true;
}
