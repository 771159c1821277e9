using System.Text;
using AotSuite.Web;
using AotSuite.WebSockets.Client;
using AotSuite.WebSockets.Upgrade;

namespace AotSuite.WebSockets.Tests.Upgrade;

/// <summary>
/// <see cref="WebSocketListener"/> routes: open with the request, messages one at a time in order, close once with the
/// status, a failing listener closes its connection with 1011 and the server goes on; the request is not kept.
/// (The echo endpoint every conformance test talks to is a listener too.)
/// </summary>
[NotInParallel]
public class ListenerTests
{
    [Test]
    public async Task Open_sees_the_request_messages_see_the_state_and_close_sees_the_status()
    {
        var listener = new Recorder();
        await using var server = new EchoServer(map: app => app.MapWebSocket("/rooms/{room}", listener));
        await using (var client = await WebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/rooms/lobby?nick=ada")))
        {
            await client.SendTextAsync("hello");
            var answer = await client.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            await Assert.That(answer.Text()).IsEqualTo("ada@lobby: hello");
            await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
            await Assert.That((await client.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30))).IsClose).IsTrue();
        }
        var closed = await listener.Closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.That(closed).IsEqualTo("ada: NormalClosure bye");
        await Assert.That(listener.Closes).IsEqualTo(1);
    }

    [Test]
    public async Task A_slow_listener_gets_messages_one_at_a_time_in_order()
    {
        var listener = new Slow();
        await using var server = new EchoServer(map: app => app.MapWebSocket("/slow", listener));
        await using var client = await WebSocketClient.ConnectAsync(server.Url("/slow"));
        for (var i = 0; i < 20; i++) await client.SendTextAsync($"m{i}");
        for (var i = 0; i < 20; i++)
        {
            var answer = await client.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            await Assert.That(answer.Text()).IsEqualTo($"m{i}");
        }
        await Assert.That(listener.MostAtOnce).IsEqualTo(1);
    }

    [Test]
    public async Task A_listener_that_throws_closes_its_connection_with_1011_and_the_server_goes_on()
    {
        var listener = new Throwing();
        await using var server = new EchoServer(map: app => app.MapWebSocket("/boom", listener));
        await using (var client = await WebSocketClient.ConnectAsync(server.Url("/boom")))
        {
            await client.SendTextAsync("boom");
            var closed = await client.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            await Assert.That(closed.IsClose).IsTrue();
            await Assert.That(closed.CloseStatus).IsEqualTo(WebSocketCloseStatus.InternalServerError);
        }
        await Assert.That(await listener.Closed.Task.WaitAsync(TimeSpan.FromSeconds(30))).IsTrue();
        await using var next = await WebSocketClient.ConnectAsync(server.Url("/boom"));
        await next.SendTextAsync("fine");
        await Assert.That((await next.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30))).Text()).IsEqualTo("fine");
    }

    [Test]
    public async Task An_open_connection_does_not_keep_the_upgrade_request()
    {
        var listener = new Watching();
        await using var server = new EchoServer(map: app => app.MapWebSocket("/watch", listener));
        await using var client = await WebSocketClient.ConnectAsync(server.Url("/watch"));
        await client.SendTextAsync("ping");
        await Assert.That((await client.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30))).Text()).IsEqualTo("ping");
        var collected = false;
        for (var attempt = 0; attempt < 50 && !collected; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            collected = !listener.Request!.TryGetTarget(out _);
            if (!collected) await Task.Delay(100);
        }
        await Assert.That(collected).IsTrue();
        // The connection itself lives on.
        await client.SendTextAsync("still here");
        await Assert.That((await client.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30))).Text()).IsEqualTo("still here");
    }

    private sealed class Recorder : WebSocketListener
    {
        public TaskCompletionSource<string> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Closes;

        public override ValueTask OnOpenAsync(WebSocket socket, WebContext context)
        {
            socket.UserState = $"{context.Query("nick")}@{context.RouteValue("room")}";
            return default;
        }

        public override async ValueTask OnMessageAsync(WebSocket socket, WebSocketMessage message) =>
            await socket.SendTextAsync($"{socket.UserState}: {message.Text()}");

        public override ValueTask OnCloseAsync(WebSocket socket)
        {
            Interlocked.Increment(ref Closes);
            var nick = ((string)socket.UserState!).Split('@')[0];
            Closed.TrySetResult($"{nick}: {socket.CloseStatus} {socket.CloseReason}");
            return default;
        }
    }

    private sealed class Slow : WebSocketListener
    {
        private int running;

        public int MostAtOnce;

        public override async ValueTask OnMessageAsync(WebSocket socket, WebSocketMessage message)
        {
            var now = Interlocked.Increment(ref running);
            if (now > MostAtOnce) MostAtOnce = now;
            var text = message.Text();
            await Task.Delay(5);
            Interlocked.Decrement(ref running);
            await socket.SendTextAsync(text);
        }
    }

    private sealed class Throwing : WebSocketListener
    {
        public TaskCompletionSource<bool> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask OnMessageAsync(WebSocket socket, WebSocketMessage message)
        {
            var text = message.Text();
            await Task.Yield();
            if (text == "boom") throw new InvalidOperationException("the listener failed on purpose");
            await socket.SendTextAsync(text);
        }

        public override ValueTask OnCloseAsync(WebSocket socket)
        {
            Closed.TrySetResult(socket.CloseStatus == WebSocketCloseStatus.InternalServerError);
            return default;
        }
    }

    private sealed class Watching : WebSocketListener
    {
        public WeakReference<WebContext>? Request;

        public override ValueTask OnOpenAsync(WebSocket socket, WebContext context)
        {
            Request = new WeakReference<WebContext>(context);
            return default;
        }

        public override ValueTask OnMessageAsync(WebSocket socket, WebSocketMessage message) =>
            WebSocketEcho.Instance.OnMessageAsync(socket, message);
    }
}
