using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Tests.Connection;

/// <summary>HttpContext.Upgrade: the 101, the switched-to protocol over the same socket, and what the connection keeps.</summary>
public class HttpUpgradeTests
{
    /// <summary>A server that upgrades every request to a byte echo and records what the upgraded side saw.</summary>
    private sealed class EchoUpgradeServer : IAsyncDisposable
    {
        private readonly HttpServer server;

        public EchoUpgradeServer() => server = HttpServer.Start(TestTransport.Apply(new HttpServerOptions()), context =>
        {
            // The body reader holds the HTTP connection: alive as long as anything of HTTP's loop is.
            HttpSide = new WeakReference(context.Request.BodyReader);
            context.Response.AddHeader("Upgrade"u8, "echo"u8);
            context.Response.AddHeader("Connection"u8, "Upgrade"u8);
            context.Upgrade((transport, _) => EchoAsync(context, transport));
            return ValueTask.CompletedTask;
        });

        public int Port => server.Port;

        public WeakReference? HttpSide { get; private set; }

        /// <summary>What the upgraded connection holds in pooled HTTP buffers, and the path it can still read.</summary>
        public TaskCompletionSource<(int Retained, string Target)> Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private async ValueTask EchoAsync(HttpContext context, IDuplexPipe transport)
        {
            Seen.TrySetResult((context.RetainedBytes, Encoding.ASCII.GetString(context.Request.Target)));
            while (true)
            {
                var result = await transport.Input.ReadAsync();
                foreach (var segment in result.Buffer) transport.Output.Write(segment.Span);
                transport.Input.AdvanceTo(result.Buffer.End);
                await transport.Output.FlushAsync();
                if (result.IsCompleted) return;
            }
        }

        public async Task<Socket> ConnectAsync()
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", Port);
            return socket;
        }

        public ValueTask DisposeAsync() => server.DisposeAsync();
    }

    private const string UpgradeRequest = "GET /room/7?nick=ada HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n";

    [Test]
    public async Task Gives_back_its_HTTP_buffers_and_keeps_the_request_head_readable()
    {
        await using var server = new EchoUpgradeServer();
        using var socket = await server.ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(UpgradeRequest));
        var head = await TestServer.ReadUntilAsync(socket, "\r\n\r\n");
        var (retained, target) = await server.Seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await socket.SendAsync("ping"u8.ToArray());
        var echoed = await TestServer.ReadUntilAsync(socket, "ping");
        await Assert.That(head).StartsWith("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n");
        await Assert.That(echoed).IsEqualTo("ping");
        await Assert.That(target).IsEqualTo("/room/7?nick=ada");
        // Request head and body, response header fields and body held 13 KiB of pooled arrays; only the head's bytes stay.
        await Assert.That(retained).IsLessThan(UpgradeRequest.Length);
    }

    [Test]
    public async Task Hands_the_upgraded_protocol_the_bytes_sent_right_behind_the_request()
    {
        await using var server = new EchoUpgradeServer();
        using var socket = await server.ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(UpgradeRequest + "early"));
        var received = await TestServer.ReadUntilAsync(socket, "early");
        await socket.SendAsync(" and late"u8.ToArray());
        received += await TestServer.ReadUntilAsync(socket, "late");
        await Assert.That(received).EndsWith("\r\n\r\nearly and late");
    }

    [Test]
    public async Task Lets_the_HTTP_connection_go_while_the_upgraded_protocol_runs()
    {
        await using var server = new EchoUpgradeServer();
        using var socket = await server.ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(UpgradeRequest));
        await TestServer.ReadUntilAsync(socket, "\r\n\r\n");
        await server.Seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 20 && server.HttpSide!.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(10);
        }
        await Assert.That(server.HttpSide!.IsAlive).IsFalse();
        // The upgraded side still echoes: only HTTP's part went.
        await socket.SendAsync("still"u8.ToArray());
        await Assert.That(await TestServer.ReadUntilAsync(socket, "still")).IsEqualTo("still");
    }
}
