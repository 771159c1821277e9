using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Tests.Connection;

/// <summary>Clients nobody here wrote: Node's http module, and a seeded stream of mutated requests.</summary>
public class HttpServerPeerTests
{
    [Test]
    public async Task Serves_node_http_client_with_keep_alive_and_a_body()
    {
        await using var server = new TestServer();
        const string Script = """
            const http = require('http');
            const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
            const port = Number(process.argv[1]);
            function call(path, body) {
              return new Promise((resolve, reject) => {
                const req = http.request({ host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', agent }, res => {
                  let data = '';
                  res.setEncoding('utf8');
                  res.on('data', c => data += c);
                  res.on('end', () => resolve(res.statusCode + ' ' + data));
                });
                req.on('error', reject);
                if (body) req.write(body);
                req.end();
              });
            }
            (async () => {
              const out = [await call('/a'), await call('/echo', 'streamed by node'), await call('/b?c=d')];
              console.log(out.join('|'));
              agent.destroy();
            })().catch(e => { console.error(e); process.exit(1); });
            """;
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-e");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(server.Port.ToString());
        using var node = Process.Start(info)!;
        var output = await node.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await node.WaitForExitAsync();
        await Assert.That(node.ExitCode).IsEqualTo(0);
        await Assert.That(output.Trim()).IsEqualTo("200 hello /a|200 streamed by node|200 hello /b?c=d");
    }

    [Test]
    public async Task Answers_every_mutated_request_with_a_well_formed_status_or_a_close_and_never_hangs()
    {
        // Short timeouts: a request the server must wait on (a truncated head) ends quickly.
        await using var server = new TestServer(new HttpServerOptions { HeadersTimeout = TimeSpan.FromSeconds(1), ShutdownTimeout = TimeSpan.FromSeconds(1) });
        string[] seeds =
        [
            "GET /a?b=c HTTP/1.1\r\nHost: x\r\nAccept: */*\r\nConnection: close\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        ];
        var random = new Random(20261124);
        var statuses = new Dictionary<string, int>();
        for (var i = 0; i < 300; i++)
        {
            var input = Mutate(Encoding.ASCII.GetBytes(seeds[i % seeds.Length]), random);
            using var socket = await server.ConnectAsync();
            try
            {
                await socket.SendAsync(input);
                socket.Shutdown(SocketShutdown.Send); // nothing more is coming: a truncated request must not wait forever
            }
            catch (SocketException)
            {
                // The server may already have rejected and closed; reading below still applies.
            }
            var response = await TestServer.ReadToEndAsync(socket, TimeSpan.FromSeconds(5));
            var status = response.Length == 0 ? "closed" : response[..Math.Min(12, response.Length)];
            if (response.Length > 0 && !response.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"mutation {i}: not an HTTP response: {response}");
            }
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }
        // The server is still serving after all of it.
        await Assert.That(await server.SendAsync("GET /alive HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).EndsWith("hello /alive");
        await Assert.That(statuses.Keys.Any(k => k.StartsWith("HTTP/1.1 4", StringComparison.Ordinal))).IsTrue();
        await Assert.That(statuses.Keys.Any(k => k.StartsWith("HTTP/1.1 2", StringComparison.Ordinal))).IsTrue();
    }

    /// <summary>One to four edits: flip a byte, drop one, duplicate one, insert a control or a separator, or truncate.</summary>
    private static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = new List<byte>(input);
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits && bytes.Count > 1; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.RemoveAt(at); break;
                case 2: bytes.Insert(at, bytes[at]); break;
                case 3: bytes.Insert(at, (byte)"\r\n\0 :\t,"[random.Next(7)]); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes.Insert(at, (byte)random.Next(0x30, 0x3A)); break;
            }
        }
        return [.. bytes];
    }
}
