using System.Diagnostics;
using System.Text;
using AotSuite.Json;
using Npgsql;

namespace AotSuite.Tools.ChatServer.Chat.Postgres;

/// <summary>
/// Who is online, across nodes. Like Phoenix Presence, each node owns its own entries and only its own: a row of
/// <c>chat_presence (node, room, nick)</c> per membership (room <c>""</c>: online at all) under a row of
/// <c>chat_nodes (node, seen)</c> that the node refreshes every third of the presence timeout. Changes go out as one
/// statement per batch (rows written, then a <c>NOTIFY</c> on <c>aotsuite_chat_presence</c> per row that changed); a node
/// silent for the timeout (killed, cut off) is left out of member lists at once and deleted by the next live node's
/// heartbeat, which announces its members' leaves. A node that finds itself deleted (it was cut off that long) writes
/// its whole state back, as it does after any failed write, so the database always converges on what the node holds.
/// </summary>
internal sealed partial class PostgresBus
{
    private const string PresenceChannel = "aotsuite_chat_presence";

    // What changed, one notification per row: the rows are short (a room is at most 64 characters, a nick 32), so each
    // payload is far under NOTIFY's 8000 bytes. Rows of room "" (online at all) have no listeners to tell.
    private const string NotifyChangedSql =
        $"SELECT count(pg_notify('{PresenceChannel}', json_build_object('node', node, 'present', present, 'room', room, 'nick', nick)::text)) FROM changed WHERE room <> ''";

    // A batch of this node's changes. Written only while its node row exists (the UPDATE also locks that row, so a
    // concurrent reap waits and then sees it fresh): a node deleted as dead learns it from the count of 0 and resyncs.
    private const string ChangesSql = $"""
        WITH alive AS (UPDATE chat_nodes SET seen = now() WHERE node = $1 RETURNING node),
        batch AS (SELECT * FROM unnest($2::text[], $3::text[], $4::boolean[]) AS b(room, nick, present)),
        gone AS (DELETE FROM chat_presence p USING batch b, alive a
          WHERE NOT b.present AND p.node = a.node AND p.room = b.room AND p.nick = b.nick RETURNING p.node, p.room, p.nick),
        came AS (INSERT INTO chat_presence (node, room, nick) SELECT a.node, b.room, b.nick FROM batch b, alive a WHERE b.present
          ON CONFLICT DO NOTHING RETURNING node, room, nick),
        changed AS (SELECT node, false AS present, room, nick FROM gone UNION ALL SELECT node, true, room, nick FROM came)
        SELECT (SELECT count(*) FROM alive), ({NotifyChangedSql})
        """;

    // This node's whole state: registers the node (again) and makes its rows exactly the given ones, announcing the difference.
    private const string SyncSql = $"""
        WITH alive AS (INSERT INTO chat_nodes (node, seen) VALUES ($1, now()) ON CONFLICT (node) DO UPDATE SET seen = now() RETURNING node),
        wanted AS (SELECT * FROM unnest($2::text[], $3::text[]) AS w(room, nick)),
        gone AS (DELETE FROM chat_presence p WHERE p.node = $1
          AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.room = p.room AND w.nick = p.nick) RETURNING p.node, p.room, p.nick),
        came AS (INSERT INTO chat_presence (node, room, nick) SELECT a.node, w.room, w.nick FROM wanted w, alive a
          ON CONFLICT DO NOTHING RETURNING node, room, nick),
        changed AS (SELECT node, false AS present, room, nick FROM gone UNION ALL SELECT node, true, room, nick FROM came)
        {NotifyChangedSql}
        """;

    // Other nodes silent for the timeout ($1 seconds), or this one when it stops ($3): their rows and nicks go, their
    // members' leaves are announced. A node never reaps itself for being late: it would only come back at its next heartbeat.
    private const string ReapSql = $"""
        WITH dead AS (DELETE FROM chat_nodes WHERE CASE WHEN node = $2 THEN $3 ELSE seen < now() - make_interval(secs => $1) END RETURNING node),
        gone AS (DELETE FROM chat_presence p USING dead d WHERE p.node = d.node RETURNING p.node, p.room, p.nick),
        freed AS (DELETE FROM chat_nicks c USING dead d WHERE c.node = d.node),
        changed AS (SELECT node, false AS present, room, nick FROM gone)
        {NotifyChangedSql}
        """;

    private const string MembersSql = """
        SELECT DISTINCT p.nick FROM chat_presence p JOIN chat_nodes n ON n.node = p.node
        WHERE p.room = $1 AND p.node <> $2 AND n.seen >= now() - make_interval(secs => $3)
        """;

    private const string PrivateChannel = "aotsuite_chat_private";

    // One round trip: the nick online on another live node (as MembersSql finds it) and the notification to that node,
    // or no row. Private messages are not stored: a node that misses the notification (its LISTEN connection down) drops
    // it, as a node drops a private message whose target left. A payload over NOTIFY's 8000 bytes fails the statement.
    private const string WhisperSql = $"""
        WITH target AS (
          SELECT p.nick FROM chat_presence p JOIN chat_nodes n ON n.node = p.node
          WHERE p.room = '' AND lower(p.nick) = lower($2) AND p.node <> $5 AND n.seen >= now() - make_interval(secs => $6)
          LIMIT 1)
        SELECT nick, pg_notify('{PrivateChannel}', json_build_object('from', $1::text, 'to', nick, 'text', $3::text, 'time', $4::bigint)::text) FROM target
        """;

    private readonly Guid node = Guid.NewGuid();
    private readonly TimeSpan presenceTimeout;
    private readonly CancellationTokenSource presenceStopping = new();
    // Released once per batch's first change (see signalled). No maximum: a wait that timed out just before a release
    // leaves a count behind, which costs one empty write (a heartbeat), where a maximum of 1 would throw in Announce.
    private readonly SemaphoreSlim presenceSignal = new(0);

    // Under presenceGate: what this node holds (for a resync) and what changed since the last write, the last change
    // per entry only (a join then a leave in one batch is no change to tell).
    private readonly object presenceGate = new();
    private readonly HashSet<(string Room, string Nick)> held = [];
    private Dictionary<(string Room, string Nick), bool> changes = [];
    private bool signalled;
    private bool resync = true;
    private Task presence = Task.CompletedTask;

    public void Announce(string room, string nick, bool present)
    {
        lock (presenceGate)
        {
            if (present) held.Add((room, nick));
            else held.Remove((room, nick));
            changes[(room, nick)] = present;
        }
        Signal();
    }

    /// <summary>Wakes the writer, once per batch.</summary>
    private void Signal()
    {
        lock (presenceGate)
        {
            if (signalled) return;
            signalled = true;
        }
        presenceSignal.Release();
    }

    public async ValueTask<IReadOnlyList<string>> RemoteMembersAsync(string? room) =>
        await RunAsync("the members on other nodes could not be read", (room: room ?? "", node, seconds: presenceTimeout.TotalSeconds),
            static async (connection, query, cancellation) =>
            {
                await using var command = new NpgsqlCommand(MembersSql, connection);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = query.room });
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = query.node });
                command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = query.seconds });
                await using var reader = await command.ExecuteReaderAsync(cancellation);
                var nicks = new List<string>();
                while (await reader.ReadAsync(cancellation)) nicks.Add(reader.GetString(0));
                return nicks;
            });

    public async ValueTask<string?> WhisperAsync(string from, string to, string text, long time) =>
        await RunAsync("the private message could not be sent to another node", (from, to, text, time, node, seconds: presenceTimeout.TotalSeconds),
            static async (connection, whisper, cancellation) =>
            {
                await using var command = new NpgsqlCommand(WhisperSql, connection);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = whisper.from });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = whisper.to });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = whisper.text });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = whisper.time });
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = whisper.node });
                command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = whisper.seconds });
                await using var reader = await command.ExecuteReaderAsync(cancellation);
                return await reader.ReadAsync(cancellation) ? reader.GetString(0) : null;
            });

    /// <summary>The one writer of this node's presence: a batch when something changed, a heartbeat and a reap every third of the timeout.</summary>
    private async Task WritePresenceAsync()
    {
        await Task.Yield();
        var beat = presenceTimeout / 3;
        var lastReap = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                await presenceSignal.WaitAsync(beat, presenceStopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                while (!await WritePresenceBatchAsync())
                {
                }
                // After the presence rows: a nick freed here is offline here before another node can take it.
                await ReleaseNicksAsync();
                if (Stopwatch.GetElapsedTime(lastReap) < beat) continue;
                lastReap = Stopwatch.GetTimestamp();
                await ReapAsync(leaving: false);
            }
            catch (ChatBusException)
            {
                // Reported by RunAsync. What this batch held is written back whole once the database answers.
                lock (presenceGate) resync = true;
            }
        }
    }

    /// <summary>Writes the changes (or the whole state after a failure); false when the node was found deleted and must resync now.</summary>
    private async Task<bool> WritePresenceBatchAsync()
    {
        bool whole;
        string[] rooms, nicks;
        bool[] flags;
        lock (presenceGate)
        {
            signalled = false;
            whole = resync;
            var count = whole ? held.Count : changes.Count;
            (rooms, nicks, flags) = (new string[count], new string[count], new bool[count]);
            var i = 0;
            if (whole)
            {
                foreach (var (room, nick) in held) (rooms[i], nicks[i], flags[i++]) = (room, nick, true);
            }
            else
            {
                foreach (var ((room, nick), now) in changes) (rooms[i], nicks[i], flags[i++]) = (room, nick, now);
            }
            changes = [];
        }
        var alive = await RunAsync("presence could not be written", (node, rooms, nicks, flags, whole), static async (connection, batch, cancellation) =>
        {
            await using var command = new NpgsqlCommand(batch.whole ? SyncSql : ChangesSql, connection);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = batch.node });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = batch.rooms });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = batch.nicks });
            if (batch.whole)
            {
                await command.ExecuteScalarAsync(cancellation);
                return true;
            }
            command.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = batch.flags });
            return (long)(await command.ExecuteScalarAsync(cancellation))! > 0;
        });
        lock (presenceGate) resync = !alive;
        if (!alive) log.WriteLine("chat-server: PostgreSQL: this node was dropped from presence (silent too long); writing its members back");
        else if (whole) await ReclaimNicksAsync();
        return alive;
    }

    private async Task ReapAsync(bool leaving) =>
        await RunAsync("dead nodes could not be removed from presence", (seconds: presenceTimeout.TotalSeconds, node, leaving),
            static async (connection, reap, cancellation) =>
            {
                await using var command = new NpgsqlCommand(ReapSql, connection);
                command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = reap.seconds });
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = reap.node });
                command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = reap.leaving });
                return await command.ExecuteNonQueryAsync(cancellation);
            });

    private void DeliverPresence(string payload)
    {
        var notice = JsonModel.Deserialize<PresenceNotice>(Encoding.UTF8.GetBytes(payload), "notification");
        // This node told its own members when the change happened.
        if (Guid.TryParse(notice.Node, out var from) && from == node) return;
        Hub?.DeliverPresence(notice.Room, notice.Nick, notice.Present);
    }

    /// <summary>On a graceful stop: this node's rows go now and its members' leaves are announced, instead of after the timeout.</summary>
    private async Task LeaveAsync()
    {
        if (presence == Task.CompletedTask) return;
        await presenceStopping.CancelAsync();
        await presence;
        try
        {
            await ReapAsync(leaving: true);
        }
        catch (ChatBusException)
        {
            // Reported; the other nodes drop this one after the timeout.
        }
    }
}
