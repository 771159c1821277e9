// Echo load for bench/peers/websocket.sh: EchoLoad <host> <port> <path> <connections> <seconds>  →  "echo <round trips/s>"
// Each connection does the opening handshake by hand, then sends one masked 32-byte text frame (prepared once) and
// waits for its 34-byte unmasked echo, in a loop: no frame parsing, no allocation per round trip, so a core drives
// far more round trips than any server here answers (the ws load client in load.mjs saturated first).
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

if (args.Length != 5)
{
    Console.Error.WriteLine("usage: EchoLoad <host> <port> <path> <connections> <seconds>");
    return 2;
}
var host = args[0];
var port = int.Parse(args[1], CultureInfo.InvariantCulture);
var path = args[2];
var connections = int.Parse(args[3], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[4], CultureInfo.InvariantCulture);

const int PayloadLength = 32;
var frame = new byte[2 + 4 + PayloadLength];
frame[0] = 0x81; // FIN + text
frame[1] = 0x80 | PayloadLength; // masked
byte[] key = [0x12, 0x34, 0x56, 0x78];
key.CopyTo(frame, 2);
for (var i = 0; i < PayloadLength; i++) frame[6 + i] = (byte)('x' ^ key[i & 3]);
const int EchoLength = 2 + PayloadLength;

var sockets = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => OpenAsync()));
long trips = 0;
var running = true;
var loops = sockets.Select(socket => Task.Run(async () =>
{
    var reply = new byte[EchoLength];
    while (Volatile.Read(ref running))
    {
        await socket.SendAsync(frame, SocketFlags.None);
        for (var got = 0; got < EchoLength;)
        {
            var n = await socket.ReceiveAsync(reply.AsMemory(got), SocketFlags.None);
            if (n == 0) throw new InvalidOperationException("the server closed the connection");
            got += n;
        }
        if (reply[0] != 0x81 || reply[1] != PayloadLength) throw new InvalidOperationException($"unexpected echo header {reply[0]:X2} {reply[1]:X2}");
        Interlocked.Increment(ref trips);
    }
})).ToArray();

await Task.Delay(TimeSpan.FromSeconds(1)); // warm-up
var start = Interlocked.Read(ref trips);
var clock = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(seconds));
var rate = (Interlocked.Read(ref trips) - start) / clock.Elapsed.TotalSeconds;
Volatile.Write(ref running, false);
foreach (var socket in sockets) socket.Dispose();
await Task.WhenAll(loops.Select(static l => l.ContinueWith(static _ => { }, TaskScheduler.Default)));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"echo {Math.Round(rate)}"));
return 0;

async Task<Socket> OpenAsync()
{
    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    await socket.ConnectAsync(host, port);
    var request = $"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None);
    // The 101's head, byte by byte so that nothing after it is taken (nothing follows before our first frame).
    var head = new List<byte>();
    var one = new byte[1];
    while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
    {
        if (await socket.ReceiveAsync(one, SocketFlags.None) == 0) throw new InvalidOperationException("the server closed during the handshake");
        head.Add(one[0]);
    }
    var text = Encoding.ASCII.GetString([.. head]);
    if (!text.StartsWith("HTTP/1.1 101 ", StringComparison.Ordinal)) throw new InvalidOperationException($"no upgrade: {text.Split("\r\n")[0]}");
    return socket;
}
