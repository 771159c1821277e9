using AotSuite.Tools.ChatServer.Chat;
using AotSuite.WebSockets;

namespace AotSuite.Tools.ChatServer.Tests.Chat;

/// <summary>
/// Nicknames reserved through the bus, in process: a nick another node holds is refused as a local clash is, a second
/// client of this node is refused while the first one's claim is in flight, a rename and a disconnect release what they
/// held (naming the claim), a claim the bus cannot make is answered with why, and the holder of a nick another node took
/// meanwhile is disconnected.
/// </summary>
public class ChatHubNickTests
{
    [Test]
    public async Task Refuses_a_nick_another_node_holds_with_the_words_of_a_local_clash()
    {
        var bus = new NickBus { ElsewhereHeld = { "zed" } };
        await using var server = HubServer.Start(bus);
        await using var ada = await server.ConnectAsync();
        await ada.SendTextAsync("""{"type":"nick","nick":"Zed"}""");
        await Assert.That(await Error(ada)).IsEqualTo("the nickname 'Zed' is taken");
        await ada.SendTextAsync("""{"type":"nick","nick":"ada"}""");
        await HubServer.Next(ada, "welcome");
        await using var bob = await server.ConnectAsync();
        await bob.SendTextAsync("""{"type":"nick","nick":"ADA"}""");
        await Assert.That(await Error(bob)).IsEqualTo("the nickname 'ADA' is taken");
        // The local clash is decided here: the bus is not asked.
        await Assert.That(bus.Claims).IsEquivalentTo(new[] { "claim Zed #1", "claim ada #2" }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Refuses_a_second_client_while_the_first_one_s_claim_is_in_flight()
    {
        var bus = new NickBus { Hold = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var server = HubServer.Start(bus);
        await using var ada = await server.ConnectAsync();
        await ada.SendTextAsync("""{"type":"nick","nick":"ada"}""");
        await bus.WaitFor(static log => log.Contains("claim ada #1"));
        await using var bob = await server.ConnectAsync();
        await bob.SendTextAsync("""{"type":"nick","nick":"Ada"}""");
        await Assert.That(await Error(bob)).IsEqualTo("the nickname 'Ada' is taken");
        bus.Hold.SetResult(true);
        await Assert.That((await HubServer.Next(ada, "welcome")).GetProperty("nick").GetString()).IsEqualTo("ada");
        await Assert.That(bus.Claims).IsEquivalentTo(new[] { "claim ada #1" });
    }

    [Test]
    public async Task A_rename_releases_the_old_nick_and_tells_the_room_and_a_disconnect_releases_the_new_one()
    {
        var bus = new NickBus();
        await using var server = HubServer.Start(bus);
        await using var carol = await server.ConnectAsAsync("carol", "lobby");
        var ada = await server.ConnectAsAsync("ada", "lobby");
        await HubServer.Next(carol, "joined");

        await ada.SendTextAsync("""{"type":"nick","nick":"adele"}""");
        await Assert.That((await HubServer.Next(ada, "welcome")).GetProperty("nick").GetString()).IsEqualTo("adele");
        await Assert.That((await HubServer.Next(carol, "left")).GetProperty("nick").GetString()).IsEqualTo("ada");
        await Assert.That((await HubServer.Next(carol, "joined")).GetProperty("nick").GetString()).IsEqualTo("adele");
        // A new spelling of the same nick keeps its reservation.
        await ada.SendTextAsync("""{"type":"nick","nick":"Adele"}""");
        await HubServer.Next(ada, "welcome");
        await ada.DisposeAsync();
        await bus.WaitFor(static log => log.Any(entry => entry.StartsWith("release Adele", StringComparison.Ordinal)));
        await Assert.That(bus.Log.Where(static entry => !entry.EndsWith(" carol", StringComparison.Ordinal) && !entry.EndsWith("carol #1", StringComparison.Ordinal)).ToList())
            .IsEquivalentTo(new[]
            {
                "claim ada #2", "+ '' ada", "+ 'lobby' ada",
                "claim adele #3", "- '' ada", "- 'lobby' ada", "release ada #2", "+ '' adele", "+ 'lobby' adele",
                "- '' adele", "- 'lobby' adele", "+ '' Adele", "+ 'lobby' Adele",
                "- '' Adele", "release Adele #3", "- 'lobby' Adele",
            }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Says_why_a_nick_could_not_be_reserved_and_takes_it_when_the_bus_answers_again()
    {
        var bus = new NickBus { Failing = true };
        await using var server = HubServer.Start(bus);
        await using var ada = await server.ConnectAsync();
        await ada.SendTextAsync("""{"type":"nick","nick":"ada"}""");
        await Assert.That(await Error(ada)).IsEqualTo("the nickname 'ada' could not be reserved: the database is unavailable (test)");
        bus.Failing = false;
        await ada.SendTextAsync("""{"type":"nick","nick":"ada"}""");
        await Assert.That((await HubServer.Next(ada, "welcome")).GetProperty("nick").GetString()).IsEqualTo("ada");
    }

    [Test]
    public async Task Disconnects_the_holder_of_a_nick_another_node_took_while_this_one_was_cut_off()
    {
        var bus = new NickBus();
        await using var server = HubServer.Start(bus);
        await using var ada = await server.ConnectAsAsync("ada");
        // An older claim of the nick (the client renamed or left since) touches nobody.
        bus.Hub!.LoseNick("ADA", 7);
        bus.Hub.LoseNick("ADA", 1);
        await Assert.That(await Error(ada))
            .IsEqualTo("the nickname 'ada' was taken on another node while this server was cut off from the others; reconnect and choose a nickname");
        var closed = await ada.ReceiveAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.That(closed.IsClose).IsTrue();
        await Assert.That(ada.CloseStatus).IsEqualTo(WebSocketCloseStatus.PolicyViolation);
        await bus.WaitFor(static log => log.Contains("release ada #1"));
    }

    private static async Task<string?> Error(WebSocket socket) => (await HubServer.Next(socket, "error")).GetProperty("error").GetString();

    /// <summary>
    /// A bus that records claims, releases and announcements in one log, refuses the nicks in <see cref="ElsewhereHeld"/>,
    /// fails while <see cref="Failing"/>, and holds claims until <see cref="Hold"/> completes when it is set.
    /// </summary>
    private sealed class NickBus : IChatBus
    {
        private readonly List<string> log = [];

        public ChatHub? Hub { get; set; }

        public HashSet<string> ElsewhereHeld { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool Failing { get; set; }

        public TaskCompletionSource<bool>? Hold { get; init; }

        public List<string> Log
        {
            get
            {
                lock (log) return [.. log];
            }
        }

        public List<string> Claims => [.. Log.Where(static entry => entry.StartsWith("claim ", StringComparison.Ordinal))];

        public ValueTask<bool> ClaimNickAsync(string nick, long claim)
        {
            Add($"claim {nick} #{claim}");
            if (Failing) throw new ChatBusException("the database is unavailable (test)");
            return Hold is { } hold ? new ValueTask<bool>(hold.Task) : ValueTask.FromResult(!ElsewhereHeld.Contains(nick));
        }

        public void ReleaseNick(string nick, long claim) => Add($"release {nick} #{claim}");

        public void Announce(string room, string nick, bool present) => Add($"{(present ? '+' : '-')} '{room}' {nick}");

        public async Task WaitFor(Func<List<string>, bool> condition)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!condition(Log)) await Task.Delay(20, deadline.Token);
        }

        public ValueTask PublishAsync(ChatLine line) => default;

        public ValueTask<IReadOnlyList<ChatLine>> HistoryAsync(string room, int count) => ValueTask.FromResult<IReadOnlyList<ChatLine>>([]);

        public ValueTask DisposeAsync() => default;

        private void Add(string entry)
        {
            lock (log) log.Add(entry);
        }
    }
}
