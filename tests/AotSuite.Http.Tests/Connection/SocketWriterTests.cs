using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Tests.Connection;

/// <summary>SocketWriter: an upgraded connection's output straight onto its socket.</summary>
public class SocketWriterTests
{
    private static async Task<(Socket Client, Socket Server)> PairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        return (client, await accept);
    }

    private static async Task<string> ReceiveAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        var got = 0;
        while (got < count) got += await socket.ReceiveAsync(buffer.AsMemory(got));
        return System.Text.Encoding.ASCII.GetString(buffer);
    }

    [Test]
    public async Task Sends_what_was_written_when_flushed_and_keeps_nothing_after()
    {
        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            var writer = new SocketWriter(server);
            writer.Write("hello "u8);
            writer.Write("world"u8);
            await Assert.That(writer.UnflushedBytes).IsEqualTo(11);
            var flushed = await writer.FlushAsync();
            await Assert.That(flushed.IsCanceled).IsFalse();
            await Assert.That(writer.UnflushedBytes).IsEqualTo(0);
            await Assert.That(await ReceiveAsync(client, 11)).IsEqualTo("hello world");
        }
    }

    [Test]
    public async Task Sends_the_unflushed_bytes_when_completed()
    {
        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            var writer = new SocketWriter(server);
            writer.Write("last words"u8);
            await writer.CompleteAsync();
            await Assert.That(await ReceiveAsync(client, 10)).IsEqualTo("last words");
        }
    }

    [Test]
    public async Task Gives_up_a_flush_the_peer_does_not_read_when_cancelled()
    {
        var (client, server) = await PairAsync();
        using (client)
        using (server)
        {
            var writer = new SocketWriter(server);
            var chunk = new byte[256 * 1024];
            ValueTask<FlushResult> flush;
            // The peer reads nothing: sooner or later a send waits for room in the socket's buffers.
            do
            {
                writer.Write(chunk);
                flush = writer.FlushAsync();
            }
            while (flush.IsCompleted);
            writer.CancelPendingFlush();
            var result = await flush.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            await Assert.That(result.IsCanceled).IsTrue();
            // Its bytes are still on their way out: nothing may follow them.
            writer.Write("more"u8);
            await Assert.That(async () => await writer.FlushAsync()).Throws<InvalidOperationException>();
            writer.Complete();
        }
    }
}
