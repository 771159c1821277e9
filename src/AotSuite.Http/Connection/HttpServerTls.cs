using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace AotSuite.Http.Connection;

/// <summary>
/// HTTPS for <see cref="HttpServer"/>: every accepted socket is wrapped in an <see cref="SslStream"/> (TLS 1.2/1.3,
/// ALPN http/1.1) before the first request is read. Set it as <see cref="HttpServerOptions.Tls"/>.
/// </summary>
public sealed record HttpServerTls
{
    private HttpServerTls(X509Certificate2 certificate)
    {
        Certificate = certificate;
        // One certificate context for every handshake: the chain is built once, not per connection.
        AuthenticationOptions = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            ClientCertificateRequired = false,
        };
    }

    /// <summary>A PEM certificate (chain) file and its PEM private key file, as Let's Encrypt, openssl and mkcert write them.</summary>
    public static HttpServerTls FromPemFiles(string certificatePath, string keyPath)
    {
        if (!File.Exists(certificatePath)) throw new FileNotFoundException($"TLS certificate '{certificatePath}' not found (a PEM file: -----BEGIN CERTIFICATE-----)", certificatePath);
        if (!File.Exists(keyPath)) throw new FileNotFoundException($"TLS private key '{keyPath}' not found (a PEM file: -----BEGIN PRIVATE KEY-----)", keyPath);
        return new HttpServerTls(X509Certificate2.CreateFromPemFile(certificatePath, keyPath));
    }

    /// <summary>A certificate that already has its private key.</summary>
    public static HttpServerTls FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey) throw new ArgumentException($"certificate '{certificate.Subject}' has no private key; a server needs it", nameof(certificate));
        return new HttpServerTls(certificate);
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>How long a client may take to complete the handshake; over it, the connection is closed.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal SslServerAuthenticationOptions AuthenticationOptions { get; }
}
