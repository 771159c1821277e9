using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using AotSuite.Json;
using AotSuite.Pooling;
using Npgsql;

namespace AotSuite.Tools.ChatServer.Chat.Postgres;

/// <summary>
/// Several chat-server processes sharing rooms through one PostgreSQL database: a line is a row of
/// <c>chat_messages</c> (history for every node) and a <c>NOTIFY</c> on <c>aotsuite_chat</c> (live delivery). Statements
/// go through a <see cref="Pool{T}"/> of raw Npgsql connections, as the job store's do; one more connection, outside the
/// pool, sits in <c>LISTEN</c> and is reconnected when it drops, then reads what it missed. Presence across nodes is in
/// <c>PostgresBus.Presence.cs</c>, nicknames unique across nodes in <c>PostgresBus.Nicks.cs</c>.
/// </summary>
internal sealed partial class PostgresBus : IChatBus
{
    private const string NotifyChannel = "aotsuite_chat";

    // Ids delivered lately: a line can arrive twice (its notification and the catch-up after a reconnect).
    private const int SeenWindow = 4096;

    // Ids are handed out at insert, not at commit: a row can commit after rows with higher ids. The catch-up reads from
    // this many ids below the last one delivered (those already delivered are skipped), so such a row is not missed.
    private const long CatchUpLookBack = 100;

    private const string SchemaSql = """
        SELECT pg_advisory_xact_lock(727276);
        CREATE TABLE IF NOT EXISTS chat_messages (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          room TEXT NOT NULL,
          sender TEXT NOT NULL,
          text TEXT NOT NULL,
          time BIGINT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS chat_messages_room ON chat_messages (room, id);
        CREATE TABLE IF NOT EXISTS chat_nodes (node UUID PRIMARY KEY, seen TIMESTAMPTZ NOT NULL);
        CREATE TABLE IF NOT EXISTS chat_presence (node UUID NOT NULL, room TEXT NOT NULL, nick TEXT NOT NULL, PRIMARY KEY (node, room, nick));
        CREATE INDEX IF NOT EXISTS chat_presence_room ON chat_presence (room);
        CREATE TABLE IF NOT EXISTS chat_nicks (nick TEXT PRIMARY KEY, node UUID NOT NULL, claim BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS chat_nicks_node ON chat_nicks (node);
        """;

    // One round trip: the row, then the notification carrying it. NOTIFY payloads must be shorter than 8000 bytes, so a
    // longer line is announced by id and every node reads the row. NOTIFY is sent at commit, after the row is visible.
    private const string PublishSql = $"""
        WITH line AS (
          INSERT INTO chat_messages (room, sender, text, time) VALUES ($1, $2, $3, $4) RETURNING id, room, sender, text, time),
        notice AS (
          SELECT id, json_build_object('id', id, 'room', room, 'from', sender, 'text', text, 'time', time)::text AS payload FROM line)
        SELECT pg_notify('{NotifyChannel}', CASE WHEN octet_length(payload) < 8000 THEN payload ELSE json_build_object('id', id)::text END) FROM notice
        """;

    private const string HistorySql = """
        SELECT id, room, sender, text, time FROM (
          SELECT id, room, sender, text, time FROM chat_messages WHERE room = $1 ORDER BY id DESC LIMIT $2) AS last
        ORDER BY id
        """;

    private const string SinceSql = "SELECT id, room, sender, text, time FROM chat_messages WHERE id > $1 ORDER BY id LIMIT 1000";

    private const string LineSql = "SELECT id, room, sender, text, time FROM chat_messages WHERE id = $1";

    private readonly NpgsqlDataSource dataSource;
    private readonly Pool<NpgsqlConnection> pool;
    private readonly TextWriter log;
    private readonly TimeSpan reconnectDelay;
    private readonly CancellationTokenSource stopping = new();

    // Written by the LISTEN connection's event, read by the one dispatcher, so notifications are delivered in the order
    // they came. Unbounded: the LISTEN connection must never stall, and the database's own rate bounds what arrives.
    // A null item asks the dispatcher to catch up (the connection was just (re)established).
    private readonly Channel<NpgsqlNotificationEventArgs?> inbox = Channel.CreateUnbounded<NpgsqlNotificationEventArgs?>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<long> seen = [];
    private readonly Queue<long> seenOrder = new();
    private long lastId;
    private Task listener = Task.CompletedTask;
    private Task dispatcher = Task.CompletedTask;

    private PostgresBus(string connectionString, TextWriter log, TimeSpan reconnectDelay, TimeSpan presenceTimeout)
    {
        this.log = log;
        this.reconnectDelay = reconnectDelay;
        this.presenceTimeout = presenceTimeout;
        // Npgsql's own pool off: AotSuite.Pooling is the pool. The application name lets an operator find the nodes.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = "chat-server";
        // The slim builder keeps the NativeAOT binary small and trim-clean: only the types used here (arrays carry a
        // batch of presence changes in one statement).
        dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).EnableArrays().Build();
        pool = new Pool<NpgsqlConnection>(new PoolOptions<NpgsqlConnection>
        {
            Name = "chat-postgres",
            MaxSize = 10,
            Create = async ct => await dataSource.OpenConnectionAsync(ct),
            Destroy = static c => c.DisposeAsync(),
            Validate = static (c, _) => ValueTask.FromResult(c.FullState == ConnectionState.Open),
            ValidateOnBorrow = true,
            // A client waiting to say something should hear "unavailable" soon, not after the pool's 30 s default.
            AcquireTimeout = TimeSpan.FromSeconds(5),
            IdleTimeout = TimeSpan.FromMinutes(5),
            MaxLifetime = TimeSpan.FromMinutes(30),
        });
    }

    public ChatHub? Hub { get; set; }

    /// <summary>
    /// Connects, creates the tables if missing and starts listening. Fails (with Npgsql's reason) when the database
    /// cannot be reached now; once running, a lost connection is reported to <paramref name="log"/> and retried every
    /// <paramref name="reconnectDelay"/>. A node silent for <paramref name="presenceTimeout"/> (killed, cut off) is
    /// dropped from every other node's member lists.
    /// </summary>
    public static async Task<PostgresBus> OpenAsync(string connectionString, TextWriter log, TimeSpan reconnectDelay, TimeSpan presenceTimeout,
        CancellationToken cancellation)
    {
        var bus = new PostgresBus(connectionString, log, reconnectDelay, presenceTimeout);
        try
        {
            await bus.CreateSchemaAsync(cancellation);
            bus.dispatcher = bus.DispatchAsync();
            bus.listener = bus.ListenAsync();
            await bus.listening.Task.WaitAsync(cancellation);
            // Registered before the first client: a claim needs this node's row (see ClaimSql).
            await bus.WritePresenceBatchAsync();
            bus.presence = bus.WritePresenceAsync();
            return bus;
        }
        catch
        {
            await bus.DisposeAsync();
            throw;
        }
    }

    private async Task CreateSchemaAsync(CancellationToken cancellation)
    {
        // Two nodes starting at once would race on CREATE … IF NOT EXISTS; the advisory lock orders them.
        await using var connection = await dataSource.OpenConnectionAsync(cancellation);
        await using (var transaction = await connection.BeginTransactionAsync(cancellation))
        {
            await using var schema = new NpgsqlCommand(SchemaSql, connection, transaction);
            await schema.ExecuteNonQueryAsync(cancellation);
            await transaction.CommitAsync(cancellation);
        }
        await using var last = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM chat_messages", connection);
        lastId = (long)(await last.ExecuteScalarAsync(cancellation))!;
    }

    public async ValueTask PublishAsync(ChatLine line) =>
        await RunAsync("the message could not be stored", line, static async (connection, said, cancellation) =>
        {
            await using var command = new NpgsqlCommand(PublishSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = said.Room });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = said.From });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = said.Text });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = said.Time });
            return await command.ExecuteNonQueryAsync(cancellation);
        });

    public async ValueTask<IReadOnlyList<ChatLine>> HistoryAsync(string room, int count) =>
        count == 0 ? [] : await RunAsync("the history could not be read", (room, count), static async (connection, query, cancellation) =>
        {
            await using var command = new NpgsqlCommand(HistorySql, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = query.room });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.count });
            return await ReadLinesAsync(command, cancellation);
        });

    /// <summary>
    /// Runs one unit of work on a pooled connection. A connection the server dropped while it sat idle (a restart,
    /// <c>pg_terminate_backend</c>) fails on first use; it is destroyed and the work tried once more on another.
    /// Database failures become <see cref="ChatBusException"/>: the caller tells its client, the server goes on.
    /// </summary>
    private async Task<T> RunAsync<TState, T>(string what, TState state, Func<NpgsqlConnection, TState, CancellationToken, Task<T>> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            PoolLease<NpgsqlConnection> lease;
            try
            {
                lease = await pool.AcquireAsync(stopping.Token);
            }
            catch (Exception e) when (IsDatabaseFailure(e))
            {
                throw Unavailable(what, e);
            }
            try
            {
                var result = await work(lease.Value, state, stopping.Token);
                lease.Dispose();
                return result;
            }
            catch (Exception e) when (IsDatabaseFailure(e))
            {
                var broken = lease.Value.FullState != ConnectionState.Open;
                if (broken) lease.Invalidate();
                else lease.Dispose();
                if (!broken || attempt == 2) throw Unavailable(what, e);
            }
        }
    }

    private ChatBusException Unavailable(string what, Exception e)
    {
        var reason = stopping.IsCancellationRequested ? "the server is stopping" : $"the database is unavailable ({e.Message})";
        log.WriteLine($"chat-server: PostgreSQL: {what}: {reason}");
        return new ChatBusException($"{what}: {reason}", e);
    }

    private static bool IsDatabaseFailure(Exception e) =>
        e is DbException or TimeoutException or IOException or SocketException or PoolClosedException or OperationCanceledException;

    private static async Task<List<ChatLine>> ReadLinesAsync(NpgsqlCommand command, CancellationToken cancellation)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var lines = new List<ChatLine>();
        while (await reader.ReadAsync(cancellation))
        {
            lines.Add(new ChatLine(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4)));
        }
        return lines;
    }

    // The LISTEN connection: outside the pool, since it is held for the life of the server. The first connection's
    // failure fails OpenAsync; later ones are reported once, retried, and followed by a catch-up.
    private async Task ListenAsync()
    {
        await Task.Yield();
        var token = stopping.Token;
        var lost = false;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(token);
                connection.Notification += (_, e) => inbox.Writer.TryWrite(e);
                await using (var listen = new NpgsqlCommand($"LISTEN {NotifyChannel}; LISTEN {PresenceChannel}; LISTEN {PrivateChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(token);
                }
                // Listening before reading what was missed: a line stored in between comes both ways, and is delivered once.
                inbox.Writer.TryWrite(null);
                if (lost) log.WriteLine("chat-server: PostgreSQL: reconnected; catching up on the lines sent meanwhile");
                lost = false;
                listening.TrySetResult();
                while (true) await connection.WaitAsync(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (listening.TrySetException(e)) return;
                if (!lost) log.WriteLine($"chat-server: PostgreSQL: lost the connection ({e.Message}); other nodes' lines wait until it is back; retrying every {reconnectDelay.TotalSeconds:0.#} s");
                lost = true;
                try
                {
                    await Task.Delay(reconnectDelay, token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task DispatchAsync()
    {
        await Task.Yield();
        await foreach (var notification in inbox.Reader.ReadAllAsync())
        {
            try
            {
                if (notification is null)
                {
                    await CatchUpAsync();
                    continue;
                }
                if (notification.Channel == PresenceChannel)
                {
                    DeliverPresence(notification.Payload);
                    continue;
                }
                if (notification.Channel == PrivateChannel)
                {
                    var whisper = JsonModel.Deserialize<PrivateNotice>(Encoding.UTF8.GetBytes(notification.Payload), "notification");
                    Hub?.DeliverPrivate(whisper.From, whisper.To, whisper.Text, whisper.Time);
                    continue;
                }
                var notice = JsonModel.Deserialize<ChatNotice>(Encoding.UTF8.GetBytes(notification.Payload), "notification");
                if (notice.Text is not null) Deliver(new ChatLine(notice.Id, notice.Room ?? "", notice.From ?? "", notice.Text, notice.Time));
                else if (!seen.Contains(notice.Id) && await ReadLineAsync(notice.Id) is { } line) Deliver(line);
            }
            catch (JsonModelException e)
            {
                log.WriteLine($"chat-server: PostgreSQL: ignored a notification on '{notification!.Channel}' that is not understood: {e.Message}");
            }
            catch (ChatBusException)
            {
                // Reported by RunAsync; the next reconnect's catch-up brings what could not be read.
            }
        }
    }

    private async Task CatchUpAsync()
    {
        while (true)
        {
            var lines = await RunAsync("the lines sent while disconnected could not be read", Math.Max(0, lastId - CatchUpLookBack), static async (connection, since, cancellation) =>
            {
                await using var command = new NpgsqlCommand(SinceSql, connection);
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = since });
                return await ReadLinesAsync(command, cancellation);
            });
            var before = lastId;
            foreach (var line in lines) Deliver(line);
            if (lines.Count < 1000 || lastId == before) return;
        }
    }

    private async Task<ChatLine?> ReadLineAsync(long id)
    {
        var lines = await RunAsync($"message {id} could not be read", id, static async (connection, wanted, cancellation) =>
        {
            await using var command = new NpgsqlCommand(LineSql, connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = wanted });
            return await ReadLinesAsync(command, cancellation);
        });
        return lines.Count == 0 ? null : lines[0];
    }

    private void Deliver(ChatLine line)
    {
        if (!seen.Add(line.Id)) return;
        seenOrder.Enqueue(line.Id);
        if (seenOrder.Count > SeenWindow) seen.Remove(seenOrder.Dequeue());
        lastId = Math.Max(lastId, line.Id);
        Hub?.Deliver(line);
    }

    public async ValueTask DisposeAsync()
    {
        await LeaveAsync();
        await stopping.CancelAsync();
        await listener;
        inbox.Writer.TryComplete();
        await dispatcher;
        await pool.DrainAsync();
        await dataSource.DisposeAsync();
    }
}
