using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AotSuite.Http.Tests.Connection;

/// <summary>A self-signed certificate for 127.0.0.1 and localhost, written as PEM files into a temp directory of its own.</summary>
internal sealed class TestCertificate : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("aotsuite-tls-").FullName;

    public TestCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        CertificatePath = Path.Combine(directory, "cert.pem");
        KeyPath = Path.Combine(directory, "key.pem");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
        Thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    /// <summary>SHA-256 of the certificate: what a client that pins it compares.</summary>
    public string Thumbprint { get; }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
