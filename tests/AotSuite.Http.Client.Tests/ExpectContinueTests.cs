using System.Net;
using System.Net.Sockets;
using System.Text;
using AotSuite.Http.Client.Tests.Peers;
using AotSuite.Http.Connection;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Client.Tests;

/// <summary>Large request bodies announced with <c>Expect: 100-continue</c> (FetchClientOptions.ExpectContinueThreshold).</summary>
public class ExpectContinueTests
{
    private static readonly byte[] Large = Enumerable.Range(0, 2 * 1024 * 1024).Select(static i => (byte)(i * 31)).ToArray();

    [Test]
    public async Task Sends_a_large_body_after_the_servers_100_continue()
    {
        await using var server = new OurServer(new HttpServerOptions { StreamRequestBodies = true });
        await using var client = new FetchClient();
        var request = new FetchRequest(HttpMethod.Post, server.Url("/echo")) { Body = RequestBody.FromBytes(Large) };
        using var response = await client.SendAsync(request);
        var echoed = await response.EnsureSuccessStatusCode().ReadAsBytesAsync();
        await Assert.That(server.LastExpect).IsEqualTo("100-continue");
        await Assert.That(echoed.AsSpan().SequenceEqual(Large)).IsTrue();
    }

    [Test]
    public async Task Never_sends_the_body_a_server_refuses_before_reading_it()
    {
        await using var server = new OurServer(new HttpServerOptions { StreamRequestBodies = true });
        await using var client = new FetchClient();
        using var source = new MemoryStream(Large);
        var request = new FetchRequest(HttpMethod.Post, server.Url("/refuse")) { Body = RequestBody.FromStream(source, Large.Length) };
        using var response = await client.SendAsync(request);
        await Assert.That(response.StatusCode).IsEqualTo(413);
        // Not a byte of the body was read from its stream, so none went out.
        await Assert.That(source.Position).IsEqualTo(0);
        // The connection is not reused after a body it announced and never sent; the next request still works.
        var again = await client.GetStringAsync(server.Url("/after"));
        await Assert.That(again).IsEqualTo("hello /after");
    }

    [Test]
    public async Task Sends_the_body_anyway_when_no_100_comes_in_time()
    {
        // A server that knows nothing of Expect: it reads the head, then the declared body, then answers with its size.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var served = ServeIgnoringExpectAsync(listener);
        await using var client = new FetchClient(new FetchClientOptions { ExpectContinueTimeout = TimeSpan.FromMilliseconds(200) });
        var request = new FetchRequest(HttpMethod.Post, $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/upload")
        {
            Body = RequestBody.FromBytes(Large),
        };
        using var response = await client.SendAsync(request);
        var text = await response.ReadAsStringAsync();
        await Assert.That(text).IsEqualTo($"got {Large.Length} bytes");
        await Assert.That(await served).Contains("Expect: 100-continue\r\n");
    }

    [Test]
    public async Task Sends_small_bodies_with_their_head_without_asking()
    {
        await using var server = new OurServer(new HttpServerOptions { StreamRequestBodies = true });
        await using var client = new FetchClient();
        var request = new FetchRequest(HttpMethod.Post, server.Url("/echo")) { Body = RequestBody.FromString("small") };
        using var response = await client.SendAsync(request);
        await Assert.That(await response.ReadAsStringAsync()).IsEqualTo("small");
        await Assert.That(server.LastExpect).IsNull();
    }

    /// <summary>Accepts one connection, reads a head and the whole declared body, answers with the body's size; returns the head.</summary>
    private static async Task<string> ServeIgnoringExpectAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        var buffer = new byte[64 * 1024];
        var received = new MemoryStream();
        var headEnd = -1;
        while (headEnd < 0 || received.Length - headEnd < Large.Length)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
            if (n == 0) throw new InvalidOperationException("the client closed before sending its whole body");
            received.Write(buffer, 0, n);
            if (headEnd < 0)
            {
                var found = Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)received.Length).IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (found >= 0) headEnd = found + 4;
            }
        }
        var answer = $"got {received.Length - headEnd} bytes";
        await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {answer.Length}\r\nConnection: close\r\n\r\n{answer}"), SocketFlags.None);
        return Encoding.Latin1.GetString(received.GetBuffer(), 0, headEnd);
    }
}
