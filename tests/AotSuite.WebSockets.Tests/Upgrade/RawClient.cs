using System.Net.Sockets;
using System.Text;
using AotSuite.WebSockets.Tests.Framing;

namespace AotSuite.WebSockets.Tests.Upgrade;

/// <summary>A TCP socket speaking bytes we choose: the handshake by hand, then frames in whatever pieces a test wants.</summary>
internal sealed class RawClient : IDisposable
{
    public const string SampleKey = "dGhlIHNhbXBsZSBub25jZQ==";
    private readonly TcpClient tcp = new() { NoDelay = true };
    private NetworkStream stream = null!;

    public static async Task<RawClient> ConnectAsync(int port)
    {
        var client = new RawClient();
        await client.tcp.ConnectAsync("127.0.0.1", port);
        client.stream = client.tcp.GetStream();
        return client;
    }

    public static string Handshake(string path = "/echo", string? extra = null, string key = SampleKey, string version = "13") =>
        $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: {version}\r\n{extra}\r\n";

    public Task SendAsync(string text) => SendAsync(Encoding.ASCII.GetBytes(text));

    public async Task SendAsync(byte[] bytes, int[]? arrivals = null)
    {
        var at = 0;
        foreach (var size in arrivals ?? [bytes.Length])
        {
            try
            {
                await stream.WriteAsync(bytes.AsMemory(at, size));
                await stream.FlushAsync();
            }
            catch (IOException)
            {
                // The server failed the connection (a protocol error) before the rest arrived: what it sent before
                // closing is still in our receive buffer for the test to read; the bytes after are meant to be lost.
                return;
            }
            at += size;
        }
    }

    /// <summary>The response head, up to and including its blank line.</summary>
    public async Task<string> ReadHeadAsync()
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one).AsTask().WaitAsync(TimeSpan.FromSeconds(30)) == 0) break;
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. head]);
    }

    /// <summary>A whole non-101 response: its head and its Content-Length body.</summary>
    public async Task<string> ReadResponseAsync()
    {
        var head = await ReadHeadAsync();
        var length = head.Split("\r\n").Where(static l => l.StartsWith("Content-Length: ", StringComparison.Ordinal))
            .Select(static l => int.Parse(l["Content-Length: ".Length..], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        return head + Encoding.UTF8.GetString(body);
    }

    /// <summary>Everything the server sends until it closes the connection, decoded as frames from a server.</summary>
    public async Task<List<string>> ReadFramesToEndAsync(bool deflate = false) => DecoderHarness.DecodeAll(await ReadToEndAsync(), deflate);

    /// <summary>Every byte the server sends until it closes the connection.</summary>
    public async Task<byte[]> ReadToEndAsync()
    {
        var all = new MemoryStream();
        try
        {
            await stream.CopyToAsync(all).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (IOException)
        {
            // A reset after the server's last frame (it closed with our unread bytes pending): what came before counts.
        }
        return all.ToArray();
    }

    public void Dispose() => tcp.Dispose();
}
