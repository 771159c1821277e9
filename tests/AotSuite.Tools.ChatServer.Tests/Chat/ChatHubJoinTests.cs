using System.Text.Json;
using AotSuite.Tools.ChatServer.Chat;
using AotSuite.Web;
using AotSuite.WebSockets;
using AotSuite.WebSockets.Client;
using AotSuite.WebSockets.Upgrade;

namespace AotSuite.Tools.ChatServer.Tests.Chat;

/// <summary>
/// A joiner's history and the lines delivered while it is being read (from another node, say): every line reaches the
/// joiner once, after the history, whichever way the race goes.
/// </summary>
public class ChatHubJoinTests
{
    [Test]
    public async Task Sends_lines_delivered_during_a_join_after_the_history_without_those_it_holds()
    {
        var bus = new GatedBus([Line(1, "one"), Line(2, "two")]);
        await using var server = HubServer.Start(bus);
        await using var bob = await server.ConnectAsync();
        await bob.SendTextAsync("""{"type":"nick","nick":"bob"}""");
        await Next(bob, "welcome");
        await bob.SendTextAsync("""{"type":"join","room":"lobby"}""");
        await bus.HistoryRequested.WaitAsync(TimeSpan.FromSeconds(30));

        // While the history is being read: line 2 (which the history holds) and line 3 (which it does not) arrive.
        bus.Hub!.Deliver(Line(2, "two"));
        bus.Hub.Deliver(Line(3, "three"));
        bus.ReleaseHistory();

        var history = await Next(bob, "history");
        await Assert.That(history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()!).ToList())
            .IsEquivalentTo(new[] { "one", "two" });
        bus.Hub.Deliver(Line(4, "four"));
        await Assert.That((await Next(bob, "message")).GetProperty("text").GetString()).IsEqualTo("three");
        await Assert.That((await Next(bob, "message")).GetProperty("text").GetString()).IsEqualTo("four");
    }

    [Test]
    public async Task Joins_with_an_empty_history_and_an_error_when_the_history_cannot_be_read()
    {
        var bus = new GatedBus([], failHistory: true);
        bus.ReleaseHistory();
        await using var server = HubServer.Start(bus);
        await using var ada = await server.ConnectAsync();
        await ada.SendTextAsync("""{"type":"nick","nick":"ada"}""");
        await Next(ada, "welcome");
        await ada.SendTextAsync("""{"type":"join","room":"lobby"}""");
        await Assert.That((await Next(ada, "history")).GetProperty("messages").GetArrayLength()).IsEqualTo(0);
        await Assert.That((await Next(ada, "error")).GetProperty("error").GetString())
            .IsEqualTo("the history of 'lobby' could not be read: the database is unavailable (test)");
        await ada.SendTextAsync("""{"type":"say","room":"lobby","text":"still here"}""");
        await Assert.That((await Next(ada, "message")).GetProperty("text").GetString()).IsEqualTo("still here");
    }

    [Test]
    public async Task Numbers_lines_in_memory_in_the_order_they_are_said()
    {
        await using var server = HubServer.Start(new LocalBus(10));
        await using var ada = await server.ConnectAsync();
        await ada.SendTextAsync("""{"type":"nick","nick":"ada"}""");
        await Next(ada, "welcome");
        await ada.SendTextAsync("""{"type":"join","room":"lobby"}""");
        await Next(ada, "history");
        await ada.SendTextAsync("""{"type":"say","room":"lobby","text":"a"}""");
        await ada.SendTextAsync("""{"type":"say","room":"lobby","text":"b"}""");
        await Assert.That((await Next(ada, "message")).GetProperty("id").GetInt64()).IsEqualTo(1);
        await Assert.That((await Next(ada, "message")).GetProperty("id").GetInt64()).IsEqualTo(2);
    }

    private static ChatLine Line(long id, string text) => new(id, "lobby", "ada", text, 1_700_000_000_000 + id);

    /// <summary>The next message of <paramref name="type"/>; any other type in between fails the test (order matters here).</summary>
    private static async Task<JsonElement> Next(WebSocket socket, string type)
    {
        while (true)
        {
            var message = await socket.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (message.IsClose) throw new InvalidOperationException($"closed ({message.CloseStatus}) while waiting for '{type}'");
            var json = JsonDocument.Parse(message.Data).RootElement.Clone();
            var got = json.GetProperty("type").GetString();
            if (got == type) return json;
            // Notices about joins and the member list come and go around what these tests watch.
            if (got is "joined" or "presence") continue;
            throw new InvalidOperationException($"expected '{type}', got {json}");
        }
    }

    /// <summary>A bus whose history is held until the test releases it (a slow database read), or fails.</summary>
    private sealed class GatedBus(IReadOnlyList<ChatLine> history, bool failHistory = false) : IChatBus
    {
        private readonly TaskCompletionSource requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long lastId = 100;

        public ChatHub? Hub { get; set; }

        public Task HistoryRequested => requested.Task;

        public void ReleaseHistory() => released.TrySetResult();

        public ValueTask PublishAsync(ChatLine line)
        {
            Hub!.Deliver(line with { Id = Interlocked.Increment(ref lastId) });
            return default;
        }

        public async ValueTask<IReadOnlyList<ChatLine>> HistoryAsync(string room, int count)
        {
            requested.TrySetResult();
            await released.Task;
            return failHistory ? throw new ChatBusException("the database is unavailable (test)") : history;
        }

        public ValueTask DisposeAsync() => default;
    }
}
