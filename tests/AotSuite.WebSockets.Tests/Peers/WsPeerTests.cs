using System.Text;
using AotSuite.WebSockets.Client;
using AotSuite.WebSockets.Tests.Upgrade;

namespace AotSuite.WebSockets.Tests.Peers;

/// <summary>Interoperability with code nobody here wrote: npm's ws as our server's client, and as our client's server.</summary>
[NotInParallel]
public class WsPeerTests
{
    [Test]
    public async Task The_ws_client_gets_its_text_binary_large_messages_and_pong_back_then_closes_cleanly()
    {
        await using var server = new EchoServer();
        using var node = NodePeer.Start("ws-client.mjs", server.Url().ToString(), NodePeer.Modules);
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await Assert.That(node.ExitCode).IsEqualTo(0).Because(await stderr);
        await Assert.That((await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)).IsEquivalentTo(new[]
        {
            "open", "text: hello from ws", "binary: 1,2,3", "big: true", "pong: beat", "closed: 1000",
        });
    }

    [Test]
    public async Task Our_client_talks_to_a_ws_server()
    {
        using var node = NodePeer.Start("ws-server.mjs", NodePeer.Modules);
        try
        {
            var banner = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? "";
            var port = int.Parse(banner.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            await using var socket = await WebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"), new WebSocketOptions { SubProtocols = ["echo.v1"] });
            await Assert.That(socket.SubProtocol).IsEqualTo("echo.v1");

            await socket.SendTextAsync("hello from AotSuite");
            var text = await socket.ReceiveAsync();
            await Assert.That(text.Type).IsEqualTo(WebSocketMessageType.Text);
            await Assert.That(text.Text()).IsEqualTo("hello from AotSuite");

            var big = new byte[300_000];
            new Random(3).NextBytes(big);
            await socket.SendAsync(big, WebSocketMessageType.Binary);
            var binary = await socket.ReceiveAsync();
            await Assert.That(binary.Type).IsEqualTo(WebSocketMessageType.Binary);
            await Assert.That(binary.Data.ToArray()).IsEquivalentTo(big);

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
            var closed = await socket.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            await Assert.That(closed.CloseStatus).IsEqualTo(WebSocketCloseStatus.NormalClosure);
        }
        finally
        {
            node.StandardInput.Close();
            if (!await ExitedWithin(node, TimeSpan.FromSeconds(10))) node.Kill();
        }
    }

    [Test]
    public async Task Our_client_talks_to_our_server_and_sees_a_refused_handshake_as_an_error()
    {
        await using var server = new EchoServer();
        await using (var socket = await WebSocketClient.ConnectAsync(server.Url()))
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes("ping-pong"));
            await Assert.That((await socket.ReceiveAsync()).Text()).IsEqualTo("ping-pong");
            await socket.CloseAsync();
            await Assert.That((await socket.ReceiveAsync()).CloseStatus).IsEqualTo(WebSocketCloseStatus.NormalClosure);
        }
        var refused = await Assert.ThrowsAsync<WebSocketHandshakeException>(() => WebSocketClient.ConnectAsync(server.Url("/nowhere")));
        await Assert.That(refused!.Message).Contains("404");
    }

    private static async Task<bool> ExitedWithin(System.Diagnostics.Process process, TimeSpan limit)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(limit);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
