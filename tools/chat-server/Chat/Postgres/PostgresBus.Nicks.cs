using Npgsql;

namespace AotSuite.Tools.ChatServer.Chat.Postgres;

/// <summary>
/// Nicknames unique across the nodes: a row of <c>chat_nicks (nick, node, claim)</c> per nick held, keyed by the nick
/// in invariant upper case (the hub's <see cref="StringComparer.OrdinalIgnoreCase"/> is equality of exactly that). A
/// claim is one atomic statement: insert, or take over a row that is this node's or whose node is not live (its
/// presence row is older than the timeout, or gone), so of two nodes racing for a nick exactly one wins. A node's nicks
/// die with its presence row: the reap that removes a dead node removes them, and a graceful stop reaps itself.
/// Releases go through the presence writer (ordered, batched, retried after a failure); each names the claim it frees,
/// so a late release never frees the same nick claimed again since.
/// </summary>
internal sealed partial class PostgresBus
{
    // The row is taken when it is new, already this node's, or its node is not live ($4 seconds, as MembersSql decides);
    // shared by a claim and the re-claim after a resync.
    private const string TakeNickSql = """
        ON CONFLICT (nick) DO UPDATE SET node = excluded.node, claim = excluded.claim
          WHERE c.node = excluded.node OR NOT EXISTS (
            SELECT 1 FROM chat_nodes n WHERE n.node = c.node AND n.seen >= now() - make_interval(secs => $4))
        """;

    // Only while this node's row exists (the UPDATE locks it, so a concurrent reap of this node waits and then finds it
    // fresh): a node reaped while cut off must not claim until its writer has put its state back.
    private const string ClaimSql = $"""
        WITH me AS (UPDATE chat_nodes SET seen = now() WHERE node = $2 RETURNING node),
        claimed AS (INSERT INTO chat_nicks AS c (nick, node, claim) SELECT $1, node, $3 FROM me
          {TakeNickSql}
          RETURNING 1)
        SELECT (SELECT count(*) FROM me), (SELECT count(*) FROM claimed)
        """;

    // After a resync: the nicks this node holds, back in its name; returns those another node took meanwhile.
    private const string ReclaimSql = $"""
        WITH wanted AS (SELECT * FROM unnest($2::text[], $3::bigint[]) AS w(nick, claim)),
        claimed AS (INSERT INTO chat_nicks AS c (nick, node, claim) SELECT nick, $1, claim FROM wanted
          {TakeNickSql}
          RETURNING nick)
        SELECT nick, claim FROM wanted WHERE nick NOT IN (SELECT nick FROM claimed)
        """;

    private const string ReleaseSql = """
        DELETE FROM chat_nicks c USING unnest($2::text[], $3::bigint[]) AS r(nick, claim)
        WHERE c.nick = r.nick AND c.node = $1 AND c.claim = r.claim
        """;

    // Under presenceGate: the nicks this node holds (key → claim) and the releases not yet written.
    private readonly Dictionary<string, long> nicks = new(StringComparer.Ordinal);
    private List<(string Key, long Claim)> releases = [];

    private static string NickKey(string nick) => nick.ToUpperInvariant();

    public async ValueTask<bool> ClaimNickAsync(string nick, long claim)
    {
        var key = NickKey(nick);
        (long Registered, long Claimed) result;
        try
        {
            result = await RunAsync("the nickname could not be reserved", (key, node, claim, seconds: presenceTimeout.TotalSeconds),
                static async (connection, wanted, cancellation) =>
                {
                    await using var command = new NpgsqlCommand(ClaimSql, connection);
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = wanted.key });
                    command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = wanted.node });
                    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = wanted.claim });
                    command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = wanted.seconds });
                    await using var reader = await command.ExecuteReaderAsync(cancellation);
                    await reader.ReadAsync(cancellation);
                    return (reader.GetInt64(0), reader.GetInt64(1));
                });
        }
        catch (ChatBusException)
        {
            // The claim may have committed before the connection failed: its release frees the row if it did.
            Release(key, claim);
            throw;
        }
        if (result.Registered == 0)
        {
            lock (presenceGate) resync = true;
            Signal();
            throw new ChatBusException("this node is rejoining the others after losing the database; try again in a moment");
        }
        if (result.Claimed == 0) return false;
        lock (presenceGate) nicks[key] = claim;
        return true;
    }

    public void ReleaseNick(string nick, long claim) => Release(NickKey(nick), claim);

    private void Release(string key, long claim)
    {
        lock (presenceGate)
        {
            if (nicks.TryGetValue(key, out var held) && held == claim) nicks.Remove(key);
            releases.Add((key, claim));
        }
        Signal();
    }

    /// <summary>Writes the releases queued since the last batch; on failure they are queued again (a release is idempotent).</summary>
    private async Task ReleaseNicksAsync()
    {
        List<(string Key, long Claim)> batch;
        lock (presenceGate)
        {
            if (releases.Count == 0) return;
            (batch, releases) = (releases, []);
        }
        try
        {
            await RunAsync("released nicknames could not be written", (node, keys: batch.Select(static r => r.Key).ToArray(), claims: batch.Select(static r => r.Claim).ToArray()),
                static async (connection, release, cancellation) =>
                {
                    await using var command = new NpgsqlCommand(ReleaseSql, connection);
                    command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = release.node });
                    command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = release.keys });
                    command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = release.claims });
                    return await command.ExecuteNonQueryAsync(cancellation);
                });
        }
        catch (ChatBusException)
        {
            lock (presenceGate) releases.InsertRange(0, batch);
            throw;
        }
    }

    /// <summary>
    /// After a resync: this node's nicks in its name again. One another node took while this one was cut off for longer
    /// than the timeout is that node's now: this node's client loses it (<see cref="ChatHub.LoseNick"/>) and the
    /// operator is told.
    /// </summary>
    private async Task ReclaimNicksAsync()
    {
        string[] keys;
        long[] claims;
        lock (presenceGate)
        {
            if (nicks.Count == 0) return;
            keys = [.. nicks.Keys];
            claims = [.. nicks.Values];
        }
        var lost = await RunAsync("nicknames could not be reclaimed", (node, keys, claims, seconds: presenceTimeout.TotalSeconds),
            static async (connection, wanted, cancellation) =>
            {
                await using var command = new NpgsqlCommand(ReclaimSql, connection);
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = wanted.node });
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = wanted.keys });
                command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = wanted.claims });
                command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = wanted.seconds });
                await using var reader = await command.ExecuteReaderAsync(cancellation);
                var taken = new List<(string Key, long Claim)>();
                while (await reader.ReadAsync(cancellation)) taken.Add((reader.GetString(0), reader.GetInt64(1)));
                return taken;
            });
        foreach (var (key, claim) in lost)
        {
            lock (presenceGate)
            {
                if (nicks.TryGetValue(key, out var held) && held == claim) nicks.Remove(key);
            }
            log.WriteLine($"chat-server: PostgreSQL: the nickname '{key}' was taken on another node while this node was cut off; its client here is disconnected");
            Hub?.LoseNick(key, claim);
        }
    }
}
