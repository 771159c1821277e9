using System.Text.Json;
using AotSuite.Tools.ChatServer.Chat;
using AotSuite.Web;
using AotSuite.WebSockets;
using AotSuite.WebSockets.Client;
using AotSuite.WebSockets.Upgrade;

namespace AotSuite.Tools.ChatServer.Tests.Chat;

/// <summary>
/// Presence through the bus, in process: what the hub announces (in the order the state changed, leaves included when a
/// client drops), member lists that merge other nodes' members, other nodes' joins and leaves told to local members, and
/// private messages to and from other nodes' nicks.
/// </summary>
public class ChatHubPresenceTests
{
    [Test]
    public async Task Announces_nick_joins_leaves_and_a_disconnect_in_the_order_they_happen()
    {
        var bus = new PresenceBus([]);
        await using var server = HubServer.Start(bus);
        var ada = await server.ConnectAsAsync("ada", "lobby");
        await ada.SendTextAsync("""{"type":"join","room":"kitchen"}""");
        await HubServer.Next(ada, "history");
        await ada.SendTextAsync("""{"type":"leave","room":"lobby"}""");
        await HubServer.Next(ada, "left");
        await ada.DisposeAsync();
        await bus.WaitForAnnouncements(6);
        await Assert.That(bus.Announcements).IsEquivalentTo(new[]
        {
            "+ '' ada", "+ 'lobby' ada", "+ 'kitchen' ada", "- 'lobby' ada", "- '' ada", "- 'kitchen' ada",
        }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Lists_members_of_other_nodes_with_its_own()
    {
        var bus = new PresenceBus(["zed", "Ada", "bob"]);
        await using var server = HubServer.Start(bus);
        await using var ada = await server.ConnectAsAsync("ada", "lobby");
        // A nick online on two nodes is one entry (nicknames compare without case, as on one node).
        await Assert.That(Nicks(await HubServer.Next(ada, "presence"))).IsEquivalentTo(new[] { "ada", "bob", "zed" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await ada.SendTextAsync("""{"type":"who"}""");
        await Assert.That(Nicks(await HubServer.Next(ada, "presence"))).IsEquivalentTo(new[] { "ada", "bob", "zed" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(bus.RoomsAsked).IsEquivalentTo(new[] { "lobby", "(online)" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Lists_its_own_members_and_says_why_when_other_nodes_cannot_be_read()
    {
        var bus = new PresenceBus(null);
        await using var server = HubServer.Start(bus);
        await using var ada = await server.ConnectAsAsync("ada");
        await ada.SendTextAsync("""{"type":"who"}""");
        await Assert.That((await HubServer.Next(ada, "error")).GetProperty("error").GetString())
            .IsEqualTo("the members on other nodes could not be read: the database is unavailable (test)");
        await Assert.That(Nicks(await HubServer.Next(ada, "presence"))).IsEquivalentTo(new[] { "ada" });
    }

    [Test]
    public async Task Tells_the_members_of_a_room_about_joins_and_leaves_on_other_nodes()
    {
        var bus = new PresenceBus([]);
        await using var server = HubServer.Start(bus);
        await using var ada = await server.ConnectAsAsync("ada", "lobby");
        await HubServer.Next(ada, "presence");
        await HubServer.Next(ada, "joined");
        bus.Hub!.DeliverPresence("kitchen", "eve", present: true); // no member here: nobody is told
        bus.Hub.DeliverPresence("lobby", "bob", present: true);
        bus.Hub.DeliverPresence("lobby", "bob", present: false);
        var joined = await HubServer.Next(ada, "joined");
        await Assert.That((joined.GetProperty("room").GetString(), joined.GetProperty("nick").GetString())).IsEqualTo(("lobby", "bob"));
        var left = await HubServer.Next(ada, "left");
        await Assert.That((left.GetProperty("room").GetString(), left.GetProperty("nick").GetString())).IsEqualTo(("lobby", "bob"));
    }

    [Test]
    public async Task Hands_a_whisper_for_another_node_s_nick_to_the_bus_and_delivers_one_from_there()
    {
        var bus = new PresenceBus(["Zed"]);
        await using var server = HubServer.Start(bus);
        await using var ada = await server.ConnectAsAsync("ada");
        await ada.SendTextAsync("""{"type":"whisper","to":"zed","text":"over there?"}""");
        // The sender's copy names the nick as the other node spells it.
        var copy = await HubServer.Next(ada, "private");
        await Assert.That($"{copy.GetProperty("from").GetString()} -> {copy.GetProperty("to").GetString()}: {copy.GetProperty("text").GetString()}")
            .IsEqualTo("ada -> Zed: over there?");
        await ada.SendTextAsync("""{"type":"whisper","to":"nobody","text":"anyone?"}""");
        await Assert.That((await HubServer.Next(ada, "error")).GetProperty("error").GetString()).IsEqualTo("no one called 'nobody' is online");
        List<string> asked;
        lock (bus.Whispers) asked = [.. bus.Whispers];
        await Assert.That(asked).IsEquivalentTo(new[] { "ada -> zed: over there?", "ada -> nobody: anyone?" });

        bus.Hub!.DeliverPrivate("Zed", "ADA", "yes, here", 42);
        var delivered = await HubServer.Next(ada, "private");
        await Assert.That($"{delivered.GetProperty("from").GetString()} -> {delivered.GetProperty("to").GetString()}: {delivered.GetProperty("text").GetString()}")
            .IsEqualTo("Zed -> ada: yes, here");
    }

    private static List<string> Nicks(JsonElement presence) => [.. presence.GetProperty("nicks").EnumerateArray().Select(n => n.GetString()!)];

    /// <summary>A bus that records announcements and answers member lists with <paramref name="remote"/> (null: fails).</summary>
    private sealed class PresenceBus(IReadOnlyList<string>? remote) : IChatBus
    {
        private readonly List<string> announcements = [];
        private readonly List<string> roomsAsked = [];
        private long lastId;

        public ChatHub? Hub { get; set; }

        public List<string> Announcements
        {
            get
            {
                lock (announcements) return [.. announcements];
            }
        }

        public List<string> RoomsAsked
        {
            get
            {
                lock (roomsAsked) return [.. roomsAsked];
            }
        }

        public void Announce(string room, string nick, bool present)
        {
            lock (announcements) announcements.Add($"{(present ? '+' : '-')} '{room}' {nick}");
        }

        public ValueTask<IReadOnlyList<string>> RemoteMembersAsync(string? room)
        {
            lock (roomsAsked) roomsAsked.Add(room ?? "(online)");
            return remote is null ? throw new ChatBusException("the database is unavailable (test)") : ValueTask.FromResult(remote);
        }

        public List<string> Whispers { get; } = [];

        public ValueTask<string?> WhisperAsync(string from, string to, string text, long time)
        {
            lock (Whispers) Whispers.Add($"{from} -> {to}: {text}");
            return ValueTask.FromResult(remote?.FirstOrDefault(nick => string.Equals(nick, to, StringComparison.OrdinalIgnoreCase)));
        }

        public async Task WaitForAnnouncements(int count)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (Announcements.Count < count) await Task.Delay(20, deadline.Token);
        }

        public ValueTask PublishAsync(ChatLine line)
        {
            Hub!.Deliver(line with { Id = Interlocked.Increment(ref lastId) });
            return default;
        }

        public ValueTask<IReadOnlyList<ChatLine>> HistoryAsync(string room, int count) => ValueTask.FromResult<IReadOnlyList<ChatLine>>([]);

        public ValueTask DisposeAsync() => default;
    }
}
