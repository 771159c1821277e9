namespace AotSuite.WebSockets.Tests.Upgrade;

/// <summary>RFC 6455 §4.2: the opening handshake through a raw socket against a real server.</summary>
[NotInParallel]
public class HandshakeTests
{
    [Test]
    public async Task Switches_protocols_with_the_accept_value_of_the_rfc_example()
    {
        await using var server = new EchoServer();
        using var client = await RawClient.ConnectAsync(server.Port);
        await client.SendAsync(RawClient.Handshake());
        var head = await client.ReadHeadAsync();
        await Assert.That(head).StartsWith("HTTP/1.1 101 Switching Protocols\r\n");
        await Assert.That(head).Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
        await Assert.That(head).Contains("Upgrade: websocket\r\n");
        await Assert.That(head).DoesNotContain("Content-Length");
    }

    [Test]
    [Arguments("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n", "426", "Upgrade: websocket")]
    [Arguments("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n", "426", "Sec-WebSocket-Version: 13")]
    [Arguments("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n", "400", "Sec-WebSocket-Key")]
    [Arguments("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: close\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", "400", "Connection: Upgrade")]
    [Arguments("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", "405", "Allow: GET")]
    public async Task Refuses_a_bad_handshake_with_a_status_and_a_reason(string request, string status, string mentions)
    {
        await using var server = new EchoServer();
        using var client = await RawClient.ConnectAsync(server.Port);
        await client.SendAsync(request);
        var head = await client.ReadResponseAsync();
        await Assert.That(head).StartsWith($"HTTP/1.1 {status} ");
        await Assert.That(head).Contains(mentions);
    }

    [Test]
    public async Task Refuses_an_origin_not_on_the_allow_list_and_accepts_one_on_it()
    {
        await using var server = new EchoServer(new WebSocketOptions { AllowedOrigins = ["https://chat.example"] });
        using (var evil = await RawClient.ConnectAsync(server.Port))
        {
            await evil.SendAsync(RawClient.Handshake(extra: "Origin: https://evil.example\r\n"));
            await Assert.That(await evil.ReadHeadAsync()).StartsWith("HTTP/1.1 403 ");
        }
        using var good = await RawClient.ConnectAsync(server.Port);
        await good.SendAsync(RawClient.Handshake(extra: "Origin: https://CHAT.example\r\n"));
        await Assert.That(await good.ReadHeadAsync()).StartsWith("HTTP/1.1 101 ");
    }

    [Test]
    public async Task Selects_the_first_offered_subprotocol_the_server_speaks()
    {
        await using var server = new EchoServer(new WebSocketOptions { SubProtocols = ["chat.v2", "chat.v1"] });
        using var client = await RawClient.ConnectAsync(server.Port);
        await client.SendAsync(RawClient.Handshake(extra: "Sec-WebSocket-Protocol: mqtt, chat.v1\r\nSec-WebSocket-Protocol: chat.v2\r\n"));
        var head = await client.ReadHeadAsync();
        await Assert.That(head).Contains("Sec-WebSocket-Protocol: chat.v1\r\n");
    }
}
