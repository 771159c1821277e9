using System.Diagnostics;
using System.Net.Sockets;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Tests.Connection;

/// <summary>HTTPS through SslStream with a PEM certificate; curl and Node's https module as the clients.</summary>
public class HttpServerTlsTests
{
    [Test]
    public async Task Serves_curl_over_tls_with_a_pem_certificate()
    {
        using var certificate = new TestCertificate();
        await using var server = new TestServer(new HttpServerOptions { Tls = HttpServerTls.FromPemFiles(certificate.CertificatePath, certificate.KeyPath) });
        var (exit, output) = await server.CurlAsync("-sk", "--http1.1", "https://127.0.0.1:{port}/secure?x=1", "https://127.0.0.1:{port}/again");
        await Assert.That(exit).IsEqualTo(0);
        await Assert.That(output).IsEqualTo("hello /secure?x=1hello /again");
    }

    [Test]
    public async Task Serves_node_https_client_with_keep_alive_and_a_body()
    {
        using var certificate = new TestCertificate();
        await using var server = new TestServer(new HttpServerOptions { Tls = HttpServerTls.FromPemFiles(certificate.CertificatePath, certificate.KeyPath) });
        const string Script = """
            const https = require('https');
            const fs = require('fs');
            const [port, ca] = [Number(process.argv[1]), fs.readFileSync(process.argv[2])];
            const agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca });
            function call(path, body) {
              return new Promise((resolve, reject) => {
                const req = https.request({ host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', agent }, res => {
                  let data = '';
                  const protocol = res.socket.getProtocol();
                  res.on('data', c => data += c);
                  res.on('end', () => resolve(`${res.statusCode} ${data} ${protocol} ${req.reusedSocket}`));
                });
                req.on('error', reject);
                if (body) req.write(body);
                req.end();
              });
            }
            (async () => {
              console.log([await call('/a'), await call('/echo', 'sealed')].join('|'));
              agent.destroy();
            })().catch(e => { console.error(e); process.exit(1); });
            """;
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-e", Script, server.Port.ToString(), certificate.CertificatePath }) info.ArgumentList.Add(argument);
        using var node = Process.Start(info)!;
        var output = await node.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        await Assert.That(error).IsEmpty();
        // Node trusts the certificate as its CA (no rejectUnauthorized: false), so the name 127.0.0.1 is checked too.
        await Assert.That(output.Trim()).IsEqualTo("200 hello /a TLSv1.3 false|200 sealed TLSv1.3 true");
    }

    [Test]
    public async Task Closes_a_plain_http_connection_on_a_tls_port_without_answering()
    {
        using var certificate = new TestCertificate();
        await using var server = new TestServer(new HttpServerOptions { Tls = HttpServerTls.FromPemFiles(certificate.CertificatePath, certificate.KeyPath) });
        var response = await server.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        await Assert.That(response.StartsWith("HTTP/", StringComparison.Ordinal)).IsFalse();
        // Still serving TLS afterwards.
        var (exit, output) = await server.CurlAsync("-sk", "https://127.0.0.1:{port}/ok");
        await Assert.That(exit).IsEqualTo(0);
        await Assert.That(output).IsEqualTo("hello /ok");
    }

    [Test]
    public async Task Closes_a_connection_that_never_starts_the_handshake()
    {
        using var certificate = new TestCertificate();
        var tls = HttpServerTls.FromPemFiles(certificate.CertificatePath, certificate.KeyPath) with { HandshakeTimeout = TimeSpan.FromSeconds(1) };
        await using var server = new TestServer(new HttpServerOptions { Tls = tls });
        using var socket = await server.ConnectAsync();
        var clock = Stopwatch.StartNew();
        var received = await TestServer.ReadToEndAsync(socket, TimeSpan.FromSeconds(30));
        await Assert.That(received).IsEmpty();
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(8));
    }

    [Test]
    public async Task Names_the_missing_pem_file()
    {
        var error = Assert.Throws<FileNotFoundException>(() => HttpServerTls.FromPemFiles("/nonexistent/cert.pem", "/nonexistent/key.pem"));
        await Assert.That(error.Message).Contains("TLS certificate '/nonexistent/cert.pem' not found");
    }
}
