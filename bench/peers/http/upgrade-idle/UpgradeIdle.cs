#:project ../../../../src/AotSuite.Http/AotSuite.Http.csproj
// A server whose every request upgrades to an idle protocol: the hook only waits for bytes, as a WebSocket receive
// loop does between messages. bench/peers/http-upgrade-idle.sh opens N such connections and reads this process's RSS.
using System.Net;
using AotSuite.Http.Connection;

await using var server = HttpServer.Start(new HttpServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), MaxConnections = 100_000 }, context =>
{
    context.Response.AddHeader("Upgrade"u8, "idle"u8);
    context.Response.AddHeader("Connection"u8, "Upgrade"u8);
    context.Upgrade(static async (transport, _) =>
    {
        while (true)
        {
            var result = await transport.Input.ReadAsync();
            transport.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted) return;
        }
    });
    return ValueTask.CompletedTask;
});
Console.WriteLine(server.Port);
await Task.Delay(Timeout.Infinite);
