using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AotSuite.Http.Client.Tests.Peers;
using AotSuite.Http.Connection;
using AotSuite.Http.Parsing;
using AotSuite.Http.Tests.Connection;

namespace AotSuite.Http.Client.Tests;

/// <summary>https:// against our own TLS server, with a self-signed certificate made by the test.</summary>
public class HttpsTests
{
    /// <summary>Trusts exactly the test's certificate (pinned by its SHA-256), as a caller with a private CA would.</summary>
    private static RemoteCertificateValidationCallback Pin(TestCertificate certificate) =>
        (_, presented, _, _) => presented is not null && presented.GetCertHashString(HashAlgorithmName.SHA256) == certificate.Thumbprint;

    [Test]
    public async Task Gets_over_https_and_reuses_the_tls_connection()
    {
        using var certificate = new TestCertificate();
        await using var server = new OurServer(new HttpServerOptions { Tls = HttpServerTls.FromPemFiles(certificate.CertificatePath, certificate.KeyPath) });
        await using var client = new FetchClient(new FetchClientOptions { ServerCertificateValidation = Pin(certificate) });
        var url = server.Url("/secure", "https");
        for (var i = 0; i < 5; i++) await Assert.That(await client.GetStringAsync(url)).IsEqualTo("hello /secure");
        var payload = RandomNumberGenerator.GetBytes(200_000);
        using var echo = await client.SendAsync(new FetchRequest(HttpMethod.Post, server.Url("/echo", "https")) { Body = RequestBody.FromBytes(payload) });
        await Assert.That((await echo.ReadAsBytesAsync()).SequenceEqual(payload)).IsTrue();
        await Assert.That(client.FindPool(url)!.OpenConnections).IsEqualTo(1);
    }

    [Test]
    public async Task Refuses_an_untrusted_certificate_with_a_clear_message()
    {
        using var certificate = new TestCertificate();
        await using var server = new OurServer(new HttpServerOptions { Tls = HttpServerTls.FromPemFiles(certificate.CertificatePath, certificate.KeyPath) });
        await using var client = new FetchClient(new FetchClientOptions { Retry = new FetchRetryOptions { Limit = 0 } });
        var error = await Assert.ThrowsAsync<FetchException>(async () => await client.GetStringAsync(server.Url("/", "https")));
        await Assert.That(error!.Message).Contains("TLS handshake failed while connecting to https://127.0.0.1:");
    }

    [Test]
    public async Task Uses_a_certificate_loaded_with_its_key_as_well()
    {
        using var certificate = new TestCertificate();
        using var loaded = X509Certificate2.CreateFromPemFile(certificate.CertificatePath, certificate.KeyPath);
        await using var server = new OurServer(new HttpServerOptions { Tls = HttpServerTls.FromCertificate(loaded) });
        await using var client = new FetchClient(new FetchClientOptions { ServerCertificateValidation = Pin(certificate) });
        await Assert.That(await client.GetStringAsync(server.Url("/cert", "https"))).IsEqualTo("hello /cert");
    }
}
