using AotSuite.Testing.Postgres;
using AotSuite.Tools.ChatServer.Chat.Postgres;

namespace AotSuite.Tools.ChatServer.Tests.Chat.Postgres;

/// <summary>
/// Nick reservations in PostgreSQL between two buses (two nodes) on one database: nicks compare without case, of two
/// nodes claiming one nick at once exactly one wins, and a release that arrives after its nick was claimed again by the
/// same node frees nothing.
/// </summary>
[NotInParallel]
[ClassDataSource<PostgresServer>(Shared = SharedType.PerTestSession)]
public class PostgresBusNickTests(PostgresServer postgres)
{
    [Test]
    public async Task Of_two_nodes_claiming_the_same_nicks_at_once_exactly_one_gets_each()
    {
        var database = await postgres.CreateDatabaseAsync("chat_nick_race");
        await using var one = await OpenAsync(database);
        await using var two = await OpenAsync(database);
        var nicks = Enumerable.Range(0, 40).Select(static i => $"nick{i}").ToArray();
        var claims = await Task.WhenAll(nicks.Select(async (nick, i) =>
        {
            var first = one.ClaimNickAsync(nick, i + 1).AsTask();
            var second = two.ClaimNickAsync(nick.ToUpperInvariant(), i + 1).AsTask();
            return (await first ? 1 : 0) + (await second ? 1 : 0);
        }));
        await Assert.That(claims.All(static won => won == 1)).IsTrue().Because(string.Join(',', claims));
    }

    [Test]
    public async Task A_late_release_of_an_earlier_claim_frees_nothing()
    {
        var database = await postgres.CreateDatabaseAsync("chat_nick_release");
        await using var one = await OpenAsync(database);
        await using var two = await OpenAsync(database);
        await Assert.That(await one.ClaimNickAsync("ada", 1)).IsTrue();
        await Assert.That(await two.ClaimNickAsync("ADA", 1)).IsFalse();
        // The client holding claim 1 left and another client of node one took the nick (claim 2) before the release of
        // claim 1 was written.
        await Assert.That(await one.ClaimNickAsync("Ada", 2)).IsTrue();
        one.ReleaseNick("ada", 1);
        await Assert.That(await one.ClaimNickAsync("marker", 3)).IsTrue();
        one.ReleaseNick("marker", 3);
        // Releases are written in order: once the marker is free, the late release has been written too.
        await Assert.That(await EventuallyClaimAsync(two, "marker", 4)).IsTrue();
        await Assert.That(await two.ClaimNickAsync("ada", 5)).IsFalse();
        one.ReleaseNick("Ada", 2);
        await Assert.That(await EventuallyClaimAsync(two, "ada", 6)).IsTrue();
    }

    private static Task<PostgresBus> OpenAsync(string database) =>
        PostgresBus.OpenAsync(database, TextWriter.Null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), CancellationToken.None);

    /// <summary>Claims until granted (a release is written behind the command that made it); false after 60 s.</summary>
    private static async Task<bool> EventuallyClaimAsync(PostgresBus bus, string nick, long claim)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await bus.ClaimNickAsync(nick, claim))
        {
            if (deadline.IsCancellationRequested) return false;
            await Task.Delay(50);
        }
        return true;
    }
}
