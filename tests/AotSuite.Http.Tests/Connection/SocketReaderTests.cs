using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Tests.Connection;

/// <summary>SocketReader: an upgraded connection's input straight over its socket.</summary>
public class SocketReaderTests
{
    private sealed class Pair : IDisposable
    {
        public required Socket Client { get; init; }
        public required Socket Server { get; init; }
        public required SocketReader Reader { get; init; }

        public static async Task<Pair> OpenAsync()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var accept = listener.AcceptAsync();
            await client.ConnectAsync(listener.LocalEndPoint!);
            var server = await accept;
            return new Pair { Client = client, Server = server, Reader = new SocketReader(server) };
        }

        public void Dispose()
        {
            Reader.Complete();
            Client.Dispose();
            Server.Dispose();
        }
    }

    private static string Text(ReadOnlySequence<byte> bytes) => System.Text.Encoding.ASCII.GetString(bytes.ToArray());

    [Test]
    public async Task Returns_bytes_that_arrive_while_a_read_waits()
    {
        using var pair = await Pair.OpenAsync();
        var read = pair.Reader.ReadAsync();
        await Assert.That(read.IsCompleted).IsFalse();
        await pair.Client.SendAsync("hello"u8.ToArray());
        var result = await read;
        await Assert.That(Text(result.Buffer)).IsEqualTo("hello");
        pair.Reader.AdvanceTo(result.Buffer.End);
    }

    [Test]
    public async Task Keeps_unconsumed_bytes_and_appends_what_arrives_next()
    {
        using var pair = await Pair.OpenAsync();
        await pair.Client.SendAsync("abc"u8.ToArray());
        var first = await pair.Reader.ReadAsync();
        await Assert.That(Text(first.Buffer)).IsEqualTo("abc");
        // Consumed one byte, examined all: the next read waits for more and returns them behind the rest.
        pair.Reader.AdvanceTo(first.Buffer.GetPosition(1), first.Buffer.End);
        var next = pair.Reader.ReadAsync();
        await pair.Client.SendAsync("def"u8.ToArray());
        var second = await next;
        await Assert.That(Text(second.Buffer)).IsEqualTo("bcdef");
        pair.Reader.AdvanceTo(second.Buffer.End);
    }

    [Test]
    public async Task Grows_past_one_block_when_everything_is_examined_and_kept()
    {
        using var pair = await Pair.OpenAsync();
        var payload = new byte[20_000];
        Random.Shared.NextBytes(payload);
        _ = pair.Client.SendAsync(payload);
        var held = 0L;
        while (held < payload.Length)
        {
            var result = await pair.Reader.ReadAsync();
            held = result.Buffer.Length;
            if (held == payload.Length) await Assert.That(result.Buffer.ToArray().AsSpan().SequenceEqual(payload)).IsTrue();
            pair.Reader.AdvanceTo(result.Buffer.Start, held == payload.Length ? result.Buffer.Start : result.Buffer.End);
        }
    }

    [Test]
    public async Task Ends_a_waiting_read_cancelled_and_keeps_what_arrives_after_it()
    {
        using var pair = await Pair.OpenAsync();
        var read = pair.Reader.ReadAsync();
        pair.Reader.CancelPendingRead();
        var cancelled = await read;
        await Assert.That(cancelled.IsCanceled).IsTrue();
        pair.Reader.AdvanceTo(cancelled.Buffer.Start);
        await pair.Client.SendAsync("late"u8.ToArray());
        var result = await pair.Reader.ReadAsync();
        await Assert.That(Text(result.Buffer)).IsEqualTo("late");
        pair.Reader.AdvanceTo(result.Buffer.End);
    }

    [Test]
    public async Task Throws_on_a_cancelled_token_and_keeps_what_arrives_after_it()
    {
        using var pair = await Pair.OpenAsync();
        using var cancel = new CancellationTokenSource();
        var read = pair.Reader.ReadAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.That(async () => await read).Throws<OperationCanceledException>();
        await pair.Client.SendAsync("after"u8.ToArray());
        var result = await pair.Reader.ReadAsync();
        await Assert.That(Text(result.Buffer)).IsEqualTo("after");
        pair.Reader.AdvanceTo(result.Buffer.End);
    }

    [Test]
    public async Task Reports_the_end_when_the_peer_closes()
    {
        using var pair = await Pair.OpenAsync();
        await pair.Client.SendAsync("bye"u8.ToArray());
        pair.Client.Shutdown(SocketShutdown.Send);
        var result = await pair.Reader.ReadAsync();
        while (!result.IsCompleted)
        {
            pair.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            result = await pair.Reader.ReadAsync();
        }
        await Assert.That(Text(result.Buffer)).IsEqualTo("bye");
        pair.Reader.AdvanceTo(result.Buffer.End);
    }

    [Test]
    public async Task Fails_a_waiting_read_when_the_socket_is_closed_under_it()
    {
        using var pair = await Pair.OpenAsync();
        var read = pair.Reader.ReadAsync();
        pair.Server.Dispose();
        await Assert.That(async () => await read).Throws<Exception>();
    }
}
