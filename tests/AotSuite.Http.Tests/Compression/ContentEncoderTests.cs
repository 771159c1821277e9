using System.Buffers;
using System.IO.Compression;
using System.Text;
using AotSuite.Http.Compression;

namespace AotSuite.Http.Tests.Compression;

public class ContentEncoderTests
{
    private static readonly byte[] Text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i => $"row {i}, the same words again\n")));

    private static byte[] Decode(byte[] coded, ContentCoding coding)
    {
        using var input = new MemoryStream(coded);
        using Stream decoder = coding == ContentCoding.Brotli ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    [Test]
    [Arguments("Gzip")]
    [Arguments("Brotli")]
    public async Task Codes_a_whole_body_that_decodes_back(string name)
    {
        var coding = Enum.Parse<ContentCoding>(name);
        var coded = ContentEncoder.Compress(Text, coding, CompressionLevel.Fastest, ContentEncoder.BrotliQuality(CompressionLevel.Fastest));
        await Assert.That(coded.Length).IsLessThan(Text.Length / 4);
        await Assert.That(Decode(coded, coding)).IsEquivalentTo(Text);
    }

    [Test]
    [Arguments("Gzip")]
    [Arguments("Brotli")]
    public async Task Makes_each_flushed_part_decodable_before_the_end_and_is_reusable(string name)
    {
        var coding = Enum.Parse<ContentCoding>(name);
        using var encoder = new ContentEncoder();
        for (var round = 0; round < 2; round++)
        {
            var output = new ArrayBufferWriter<byte>();
            encoder.Begin(coding, CompressionLevel.Optimal, 4);
            encoder.Write(Text.AsSpan(0, 1000), output);
            encoder.Flush(output);
            var flushed = output.WrittenSpan.ToArray();
            // What a client holds after the flush decodes to exactly the first part (the stream has not ended yet).
            using (var partial = coding == ContentCoding.Brotli
                ? (Stream)new BrotliStream(new MemoryStream(flushed), CompressionMode.Decompress)
                : new GZipStream(new MemoryStream(flushed), CompressionMode.Decompress))
            {
                var first = new byte[1000];
                await partial.ReadExactlyAsync(first);
                await Assert.That(first).IsEquivalentTo(Text[..1000]);
            }
            encoder.Write(Text.AsSpan(1000), output);
            encoder.End(output);
            await Assert.That(Decode(output.WrittenSpan.ToArray(), coding)).IsEquivalentTo(Text);
            await Assert.That(encoder.Coding).IsEqualTo(ContentCoding.Identity);
        }
    }

    [Test]
    [Arguments("text/html; charset=utf-8", true)]
    [Arguments("Application/JSON", true)]
    [Arguments("application/problem+json", true)]
    [Arguments("image/svg+xml", true)]
    [Arguments("text/event-stream", true)]
    [Arguments("application/javascript", true)]
    [Arguments("image/png", false)]
    [Arguments("application/octet-stream", false)]
    [Arguments("font/woff2", false)]
    [Arguments("", false)]
    [DisplayName("Content-Type '$type' is compressible: $expected")]
    public async Task Tells_compressible_types_from_compressed_ones(string type, bool expected)
    {
        await Assert.That(CompressibleTypes.IsCompressible(type)).IsEqualTo(expected);
        await Assert.That(CompressibleTypes.IsCompressible(Encoding.ASCII.GetBytes(type))).IsEqualTo(expected);
    }
}
