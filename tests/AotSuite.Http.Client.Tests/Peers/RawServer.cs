using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AotSuite.Http.Client.Tests.Peers;

/// <summary>
/// A socket server that answers every request head with exact bytes (or nothing at all), for responses no real server
/// would send: malformed ones, truncated ones, ones that never come.
/// </summary>
internal sealed class RawServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, byte[]?> answer;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly bool closeAfter;
    private int connections;

    /// <param name="answer">Bytes for the n-th request (0-based); null to send nothing and hold the connection open.</param>
    /// <param name="closeAfter">Close the connection after writing the answer.</param>
    public RawServer(Func<int, byte[]?> answer, bool closeAfter = true)
    {
        this.answer = answer;
        this.closeAfter = closeAfter;
        listener.Start();
        loop = AcceptAsync();
    }

    public RawServer(string response, bool closeAfter = true) : this(_ => Encoding.Latin1.GetBytes(response), closeAfter)
    {
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref connections);

    public Uri Url(string path = "/") => new($"http://127.0.0.1:{Port}{path}");

    private async Task AcceptAsync()
    {
        var requests = 0;
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref connections);
            _ = ServeAsync(socket, () => requests++);
        }
    }

    private async Task ServeAsync(Socket socket, Func<int> next)
    {
        using (socket)
        {
            var buffer = new byte[8192];
            var received = new StringBuilder();
            try
            {
                while (true)
                {
                    var n = await socket.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                    if (n == 0) return;
                    received.Append(Encoding.Latin1.GetString(buffer, 0, n));
                    if (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal)) continue;
                    received.Clear();
                    var bytes = answer(next());
                    if (bytes is null)
                    {
                        await Task.Delay(Timeout.Infinite, stop.Token);
                        return;
                    }
                    await socket.SendAsync(bytes, SocketFlags.None, stop.Token);
                    if (closeAfter) return;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // The test is over, or the client left.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await loop;
        stop.Dispose();
    }
}
