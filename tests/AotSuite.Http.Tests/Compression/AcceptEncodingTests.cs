using System.Text;
using AotSuite.Http.Compression;

namespace AotSuite.Http.Tests.Compression;

public class AcceptEncodingTests
{
    [Test]
    [Arguments("gzip, deflate, br, zstd", "Brotli")]
    [Arguments("gzip", "Gzip")]
    [Arguments("br;q=0, gzip", "Gzip")]
    [Arguments("br;q=0.5, gzip;q=0.8", "Gzip")]
    [Arguments("br;q=1.0, gzip;q=1", "Brotli")]
    [Arguments("*", "Brotli")]
    [Arguments("*;q=0, gzip", "Gzip")]
    [Arguments("identity", "Identity")]
    [Arguments("GZIP", "Gzip")]
    [Arguments("x-gzip", "Gzip")]
    [Arguments("br;q=abc, gzip;q=0.1", "Gzip")]
    [Arguments("", "Identity")]
    [DisplayName("Accept-Encoding '$header' chooses $expected")]
    public async Task Chooses_the_acceptable_coding_with_the_highest_weight(string header, string expected)
    {
        await Assert.That(AcceptEncoding.Choose(Encoding.ASCII.GetBytes(header), true, true).ToString()).IsEqualTo(expected);
    }

    [Test]
    public async Task Chooses_only_among_the_codings_that_exist()
    {
        await Assert.That(AcceptEncoding.Choose("br, gzip"u8, brotliAvailable: false, gzipAvailable: true)).IsEqualTo(ContentCoding.Gzip);
        await Assert.That(AcceptEncoding.Choose("br"u8, brotliAvailable: false, gzipAvailable: true)).IsEqualTo(ContentCoding.Identity);
    }
}
