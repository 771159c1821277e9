using System.Security.Authentication;
using System.Security.Cryptography;
using AotSuite.Http.Connection;
using AotSuite.Http.Tests.Connection;
using AotSuite.WebSockets.Client;
using AotSuite.WebSockets.Tests.Upgrade;

namespace AotSuite.WebSockets.Tests.Client;

/// <summary><c>wss://</c>: our client over TLS to our server's TLS option, with a self-signed PEM certificate.</summary>
[NotInParallel]
public class WssClientTests
{
    [Test]
    public async Task Echoes_over_tls_when_the_certificate_is_trusted_compressed_too()
    {
        using var certificate = new TestCertificate();
        await using var server = new EchoServer(new WebSocketOptions { Compression = WebSocketCompression.Default },
            tls: HttpServerTls.FromPemFiles(certificate.CertificatePath, certificate.KeyPath));
        await Assert.That(server.Url().Scheme).IsEqualTo("wss");
        // The test pins the certificate it made, as a client of a self-signed server would.
        var options = WebSocketOptions.ClientDefault with
        {
            ServerCertificateValidation = (_, presented, _, _) => presented?.GetCertHashString(HashAlgorithmName.SHA256) == certificate.Thumbprint,
        };
        await using var socket = await WebSocketClient.ConnectAsync(server.Url(), options);
        await Assert.That(socket.Extensions).IsEqualTo("permessage-deflate");
        var big = string.Concat(Enumerable.Repeat("sealed and compressed ", 500));
        await socket.SendTextAsync(big);
        await Assert.That((await socket.ReceiveAsync()).Text()).IsEqualTo(big);
        await socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary);
        await Assert.That((await socket.ReceiveAsync()).Data.ToArray()).IsEquivalentTo(new byte[] { 1, 2, 3 });
        await socket.CloseAsync();
        await Assert.That((await socket.ReceiveAsync()).CloseStatus).IsEqualTo(WebSocketCloseStatus.NormalClosure);
    }

    [Test]
    public async Task Refuses_a_certificate_the_system_does_not_trust()
    {
        using var certificate = new TestCertificate();
        await using var server = new EchoServer(tls: HttpServerTls.FromPemFiles(certificate.CertificatePath, certificate.KeyPath));
        var refused = await Assert.ThrowsAsync<AuthenticationException>(() => WebSocketClient.ConnectAsync(server.Url()));
        await Assert.That(refused!.Message).Contains("certificate");
    }
}
