using System.Data.Common;
using AotSuite.Pooling;
using Npgsql;

namespace AotSuite.Jobs.Stores.Postgres;

/// <summary>
/// The shared store: PostgreSQL through an <see cref="Pool{T}"/> of raw Npgsql connections (Npgsql's own pool off).
/// Claims take rows with <c>FOR UPDATE SKIP LOCKED</c>, so workers on many machines never wait on each other's rows;
/// enqueue sends <c>pg_notify</c>, and one listening connection per store wakes its workers instead of polling.
/// </summary>
public sealed class PostgresJobStore : SqlJobStore
{
    private const string Channel = "aotsuite_jobs";
    private readonly NpgsqlDataSource dataSource;
    private readonly Pool<NpgsqlConnection> pool;
    private readonly WorkSignal signal = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock listenGate = new();
    private Task? listener;

    public PostgresJobStore(string connectionString, int maxConnections = 10, TimeProvider? time = null) : base(time)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        // The store's statements are few and fixed (arrays, not parameter lists), so each is parsed and planned once per
        // connection: the claim and the completion write are most of the server's work per job.
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 32;
        // The slim builder keeps NativeAOT binaries small and trim-clean: only the types this store uses.
        dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).EnableArrays().Build();
        pool = new Pool<NpgsqlConnection>(new PoolOptions<NpgsqlConnection>
        {
            Name = "jobs-postgres",
            MaxSize = maxConnections,
            Create = async ct => await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false),
            Destroy = static c => c.DisposeAsync(),
            Validate = static (c, _) => ValueTask.FromResult(c.FullState == System.Data.ConnectionState.Open),
            ValidateOnBorrow = true,
            MaxLifetime = TimeSpan.FromMinutes(30),
            IdleTimeout = TimeSpan.FromMinutes(5),
        });
    }

    /// <summary>The store's connection pool (its metrics show in the dashboard).</summary>
    public Pool<NpgsqlConnection> Pool => pool;

    /// <summary>The longest a worker sleeps without a notification (a safety net should one be missed).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    protected override async ValueTask<DbConnection> RentAsync(bool write, CancellationToken cancellationToken)
    {
        var lease = await pool.AcquireAsync(cancellationToken).ConfigureAwait(false);
        leases[lease.Value] = lease;
        return lease.Value;
    }

    // The lease is a struct keyed by its connection while the store's SQL runs on it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<NpgsqlConnection, PoolLease<NpgsqlConnection>> leases = new();

    protected override ValueTask ReturnAsync(DbConnection connection, bool write, bool broken)
    {
        if (leases.TryRemove((NpgsqlConnection)connection, out var lease))
        {
            if (broken && connection.State != System.Data.ConnectionState.Open) lease.Invalidate();
            else lease.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    protected override string SchemaSql => """
        SELECT pg_advisory_xact_lock(727274);
        CREATE TABLE IF NOT EXISTS jobs (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          queue TEXT NOT NULL,
          payload TEXT NOT NULL,
          state TEXT NOT NULL,
          priority BIGINT NOT NULL DEFAULT 0,
          run_at BIGINT NOT NULL,
          attempts BIGINT NOT NULL DEFAULT 0,
          max_attempts BIGINT NOT NULL,
          backoff_ms BIGINT NOT NULL,
          timeout_ms BIGINT,
          unique_key TEXT,
          locked_by TEXT,
          lease_until BIGINT,
          cancel_requested BIGINT NOT NULL DEFAULT 0,
          progress BIGINT NOT NULL DEFAULT 0,
          last_error TEXT,
          created_at BIGINT NOT NULL,
          finished_at BIGINT
        );
        CREATE INDEX IF NOT EXISTS jobs_ready ON jobs (queue, priority DESC, run_at, id) WHERE state = 'waiting';
        CREATE INDEX IF NOT EXISTS jobs_leases ON jobs (queue, lease_until) WHERE state = 'active';
        -- A state change writes a new row version and an entry in every index whose condition it meets (claim and
        -- completion: two per job). So the indexes hold only the rows they are looked up by: keyed jobs, failed jobs.
        -- Databases made before these replace their full-table twins.
        DROP INDEX IF EXISTS jobs_unique;
        DROP INDEX IF EXISTS jobs_state;
        CREATE UNIQUE INDEX IF NOT EXISTS jobs_unique_key ON jobs (queue, unique_key) WHERE unique_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS jobs_failed ON jobs (state, queue) WHERE state IN ('dead', 'cancelled');
        CREATE TABLE IF NOT EXISTS job_schedules (
          name TEXT PRIMARY KEY, queue TEXT NOT NULL, cron TEXT NOT NULL, payload TEXT NOT NULL, next_run_at BIGINT NOT NULL
        );
        """;

    public override async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        // Two processes creating the schema at once would race on CREATE … IF NOT EXISTS; the advisory lock orders them.
        var connection = await RentAsync(true, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SchemaSql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ReturnAsync(connection, true, false).ConfigureAwait(false);
        }
    }

    protected override string ClaimSql => """
        UPDATE jobs SET state = 'active', locked_by = @w, lease_until = @lease, attempts = attempts + 1, cancel_requested = 0
        WHERE id IN (
          SELECT id FROM jobs WHERE queue = @q AND state = 'waiting' AND run_at <= @now
          ORDER BY priority DESC, run_at, id LIMIT @n FOR UPDATE SKIP LOCKED)
        """;

    // One array per column: the statement's text is the same for any batch (prepared once, see the constructor) and
    // 500 rows bind 8 parameters, not 4,000. unnest yields the rows in array order, so ids ascend in row order.
    protected override void BindInsert(DbCommand command, ReadOnlySpan<InsertRow> rows)
    {
        var n = rows.Length;
        var (queues, payloads, keys) = (new string[n], new string[n], new string?[n]);
        var (priorities, runAts, maxAttempts, backoffs, timeouts) = (new long[n], new long[n], new long[n], new long[n], new long?[n]);
        for (var i = 0; i < n; i++)
        {
            var row = rows[i];
            (queues[i], payloads[i], keys[i]) = (row.Queue, row.Payload, row.UniqueKey);
            (priorities[i], runAts[i], maxAttempts[i], backoffs[i], timeouts[i]) = (row.Priority, row.RunAt, row.MaxAttempts, row.BackoffMs, row.TimeoutMs);
        }
        Add(command, "@q", queues);
        Add(command, "@p", payloads);
        Add(command, "@pr", priorities);
        Add(command, "@r", runAts);
        Add(command, "@m", maxAttempts);
        Add(command, "@b", backoffs);
        Add(command, "@t", timeouts);
        Add(command, "@u", keys);
        command.CommandText = "INSERT INTO jobs (" + InsertColumns + """
            ) SELECT q, p, 'waiting', pr, r, m, b, t, u, @c FROM unnest(@q, @p, @pr, @r, @m, @b, @t, @u) AS rows (q, p, pr, r, m, b, t, u)
            ON CONFLICT DO NOTHING RETURNING id, queue, unique_key
            """;
    }

    // Two arrays, so the statement's text is the same for any number of jobs (prepared once, see the constructor).
    protected override string BindOwned(DbCommand command, IReadOnlyList<(long Id, int Attempt)> jobs, int start, int count)
    {
        var ids = new long[count];
        var attempts = new long[count];
        for (var i = 0; i < count; i++) (ids[i], attempts[i]) = (jobs[start + i].Id, jobs[start + i].Attempt);
        Add(command, "@ids", ids);
        Add(command, "@attempts", attempts);
        return "unnest(@ids, @attempts) AS done (column1, column2)";
    }

    protected override async Task NotifyAsync(DbConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT pg_notify(@c, @q)";
        Add(command, "@c", Channel);
        Add(command, "@q", queue);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task WaitForWorkAsync(string queue, TimeSpan max, CancellationToken cancellationToken)
    {
        lock (listenGate) listener ??= ListenAsync(stopping.Token);
        await signal.WaitAsync(queue, max < PollInterval ? max : PollInterval, Time, cancellationToken).ConfigureAwait(false);
    }

    // One connection outside the pool sits in LISTEN; a notification pulses that queue's waiters. If the connection
    // drops, workers fall back to PollInterval until it is back.
    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += (_, e) => signal.Pulse(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                while (!cancellationToken.IsCancellationRequested) await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(PollInterval, Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (listener is not null)
        {
            try
            {
                await listener.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
        }
        await pool.DrainAsync().ConfigureAwait(false);
        await dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
