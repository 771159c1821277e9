using AotSuite.WebSockets.Client;
using AotSuite.WebSockets.Tests.Upgrade;

namespace AotSuite.WebSockets.Tests.Peers;

/// <summary>permessage-deflate against npm's ws, both ways round, in each of its negotiation shapes.</summary>
[NotInParallel]
public class WsDeflatePeerTests
{
    [Test]
    [Arguments("{}", "permessage-deflate")]
    [Arguments("{\"serverNoContextTakeover\":true,\"clientNoContextTakeover\":true}", "permessage-deflate; server_no_context_takeover")]
    [Arguments("{\"serverMaxWindowBits\":10}", "permessage-deflate; server_max_window_bits=10")]
    [Arguments("{\"clientMaxWindowBits\":9}", "permessage-deflate")]
    public async Task The_ws_client_compresses_to_our_server_and_inflates_its_answers(string wsOptions, string agreed)
    {
        await using var server = new EchoServer(new WebSocketOptions { Compression = WebSocketCompression.Default });
        using var node = NodePeer.Start("ws-deflate-client.mjs", server.Url().ToString(), NodePeer.Modules, wsOptions);
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await Assert.That(node.ExitCode).IsEqualTo(0).Because(await stderr);
        await Assert.That((await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)).IsEquivalentTo(new[] { $"extensions: {agreed}", "echoed: true", "closed: 1000" });
    }

    [Test]
    [Arguments("{}", "permessage-deflate")]
    [Arguments("{\"serverNoContextTakeover\":true,\"clientNoContextTakeover\":true}", "permessage-deflate; server_no_context_takeover; client_no_context_takeover")]
    [Arguments("{\"clientMaxWindowBits\":10}", "permessage-deflate; client_max_window_bits=10")]
    [Arguments("{\"serverMaxWindowBits\":9}", "permessage-deflate; server_max_window_bits=9")]
    public async Task Our_client_compresses_to_a_ws_server_and_inflates_its_answers(string wsOptions, string agreed)
    {
        using var node = NodePeer.Start("ws-server.mjs", NodePeer.Modules, wsOptions);
        try
        {
            var banner = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? "";
            var port = int.Parse(banner.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            await using var socket = await WebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"));
            await Assert.That(socket.Extensions).IsEqualTo(agreed);
            var big = string.Concat(Enumerable.Range(0, 3000).Select(static i => $"entry {i % 53}; "));
            var binary = Enumerable.Range(0, 80_000).Select(static i => (byte)(i * 13 % 256)).ToArray();
            for (var round = 0; round < 3; round++)
            {
                await socket.SendTextAsync(big);
                await Assert.That((await socket.ReceiveAsync()).Text()).IsEqualTo(big);
                await socket.SendTextAsync("tiny");
                await Assert.That((await socket.ReceiveAsync()).Text()).IsEqualTo("tiny");
                await socket.SendAsync(binary, WebSocketMessageType.Binary);
                await Assert.That((await socket.ReceiveAsync()).Data.ToArray()).IsEquivalentTo(binary);
            }
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
            var closed = await socket.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            await Assert.That(closed.CloseStatus).IsEqualTo(WebSocketCloseStatus.NormalClosure);
            await Assert.That(await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))).StartsWith("extensions: permessage-deflate");
        }
        finally
        {
            node.StandardInput.Close();
            try
            {
                await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                node.Kill();
            }
        }
    }
}
