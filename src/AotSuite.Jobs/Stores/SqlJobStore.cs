using System.Data.Common;
using System.Text;

namespace AotSuite.Jobs.Stores;

/// <summary>
/// The SQL both stores share: the same table shape, the same statements (parameters as <c>@name</c>, rows back through
/// <c>RETURNING</c>), times as Unix milliseconds from the store's clock. Dialects supply the schema, the claim (SQLite
/// relies on its single writer; PostgreSQL adds <c>FOR UPDATE SKIP LOCKED</c>), connections and wake-ups.
/// </summary>
public abstract class SqlJobStore : IJobStore
{
    private const string Columns =
        "id, queue, payload, state, priority, attempts, max_attempts, backoff_ms, timeout_ms, unique_key, run_at, created_at, finished_at, progress, last_error, locked_by";

    // Rows per INSERT statement when enqueueing in bulk: big enough to amortise the round trip, small enough for
    // SQLite's parameter limit (10 parameters a row).
    private const int InsertChunk = 500;

    private readonly Lock reapGate = new();
    private readonly Dictionary<string, long> lastReap = new(StringComparer.Ordinal);
    private readonly Random random = new();

    protected SqlJobStore(TimeProvider? time) => Time = time ?? TimeProvider.System;

    public TimeProvider Time { get; }

    protected long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A connection for one operation (<paramref name="write"/>: one that changes rows); <see cref="ReturnAsync"/> gives it back.</summary>
    protected abstract ValueTask<DbConnection> RentAsync(bool write, CancellationToken cancellationToken);

    protected abstract ValueTask ReturnAsync(DbConnection connection, bool write, bool broken);

    protected abstract string SchemaSql { get; }

    /// <summary>The claim: an UPDATE of up to @n due waiting jobs of @q to active, RETURNING the columns.</summary>
    protected abstract string ClaimSql { get; }

    /// <summary>Tells workers (here, and in other processes where the engine allows) that @queue has work.</summary>
    protected abstract Task NotifyAsync(DbConnection connection, string queue, CancellationToken cancellationToken);

    public abstract Task WaitForWorkAsync(string queue, TimeSpan max, CancellationToken cancellationToken);

    public virtual async Task InitializeAsync(CancellationToken cancellationToken = default) =>
        await ExecuteAsync(SchemaSql, static _ => { }, cancellationToken).ConfigureAwait(false);

    public async Task<long[]> EnqueueAsync(IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken = default)
    {
        var ids = new long[jobs.Count];
        if (jobs.Count == 0) return ids;
        var now = NowMs;
        var connection = await RentAsync(true, cancellationToken).ConfigureAwait(false);
        var broken = true;
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var queues = new HashSet<string>(StringComparer.Ordinal);
            for (var start = 0; start < jobs.Count; start += InsertChunk)
            {
                var count = Math.Min(InsertChunk, jobs.Count - start);
                await InsertChunkAsync(connection, transaction, jobs, start, count, now, ids, cancellationToken).ConfigureAwait(false);
                for (var i = start; i < start + count; i++) queues.Add(jobs[i].Queue);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var queue in queues) await NotifyAsync(connection, queue, cancellationToken).ConfigureAwait(false);
            broken = false;
        }
        finally
        {
            await ReturnAsync(connection, true, broken).ConfigureAwait(false);
        }
        return ids;
    }

    /// <summary>The columns an enqueue writes, in the order <see cref="BindInsert"/> lists them.</summary>
    protected const string InsertColumns = "queue, payload, state, priority, run_at, max_attempts, backoff_ms, timeout_ms, unique_key, created_at";

    /// <summary>One job's row as an enqueue writes it (state is 'waiting').</summary>
    protected readonly record struct InsertRow(string Queue, string Payload, long Priority, long RunAt, long MaxAttempts, long BackoffMs, long? TimeoutMs,
        string? UniqueKey);

    /// <summary>
    /// Sets <paramref name="command"/> to insert <paramref name="rows"/> (created at @c, which the caller binds) with
    /// <c>ON CONFLICT DO NOTHING RETURNING id, queue, unique_key</c>, ids ascending in row order. The default is one
    /// VALUES row of named parameters per job.
    /// </summary>
    protected virtual void BindInsert(DbCommand command, ReadOnlySpan<InsertRow> rows)
    {
        var sql = new StringBuilder("INSERT INTO jobs (" + InsertColumns + ") VALUES ");
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if (i > 0) sql.Append(',');
            sql.Append($"(@q{i}, @p{i}, 'waiting', @pr{i}, @r{i}, @m{i}, @b{i}, @t{i}, @u{i}, @c)");
            Add(command, $"@q{i}", row.Queue);
            Add(command, $"@p{i}", row.Payload);
            Add(command, $"@pr{i}", row.Priority);
            Add(command, $"@r{i}", row.RunAt);
            Add(command, $"@m{i}", row.MaxAttempts);
            Add(command, $"@b{i}", row.BackoffMs);
            Add(command, $"@t{i}", row.TimeoutMs, Int64);
            Add(command, $"@u{i}", row.UniqueKey, Text);
        }
        sql.Append(" ON CONFLICT DO NOTHING RETURNING id, queue, unique_key");
        command.CommandText = sql.ToString();
    }

    private async Task InsertChunkAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NewJob> jobs, int start, int count,
        long now, long[] ids, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var rows = new InsertRow[count];
        for (var i = 0; i < count; i++)
        {
            var job = jobs[start + i];
            var o = job.Options;
            if (o.MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(jobs), o.MaxAttempts, $"job {start + i}: MaxAttempts must be at least 1");
            var runAt = o.RunAt?.ToUnixTimeMilliseconds() ?? now + (long)(o.Delay ?? TimeSpan.Zero).TotalMilliseconds;
            rows[i] = new InsertRow(job.Queue, job.Payload, o.Priority, runAt, o.MaxAttempts, (long)o.Backoff.TotalMilliseconds,
                o.Timeout is { } t ? (long)t.TotalMilliseconds : null, o.UniqueKey);
        }
        BindInsert(command, rows);
        Add(command, "@c", now);
        // Rows come back in no promised order; unique keys and the queue map them to their inputs.
        var byKey = new Dictionary<(string, string), long>();
        var plain = new List<long>(count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.IsDBNull(2)) plain.Add(reader.GetInt64(0));
                else byKey[(reader.GetString(1), reader.GetString(2))] = reader.GetInt64(0);
            }
        }
        plain.Sort(); // ids of one statement ascend in insertion order
        var next = 0;
        for (var i = 0; i < count; i++)
        {
            var job = jobs[start + i];
            if (job.Options.UniqueKey is not { } key) ids[start + i] = plain[next++];
            else if (byKey.TryGetValue((job.Queue, key), out var id)) ids[start + i] = id;
            else ids[start + i] = byKey[(job.Queue, key)] = await ExistingIdAsync(connection, transaction, job.Queue, key, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<long> ExistingIdAsync(DbConnection connection, DbTransaction transaction, string queue, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id FROM jobs WHERE queue = @q AND unique_key = @u";
        Add(command, "@q", queue);
        Add(command, "@u", key);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<JobRecord>> ClaimAsync(string queue, string worker, int max, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = NowMs;
        if (ShouldReap(queue, now)) await ReapExpiredAsync(queue, now, cancellationToken).ConfigureAwait(false);
        var jobs = await QueryAsync(true, ClaimSql + " RETURNING " + Columns, command =>
        {
            // Read the clock once the connection (and SQLite's write gate) is ours: a lease counts from the claim, not
            // from the wait before it, or a loaded machine would hand out leases that are already half gone.
            var claimedAt = NowMs;
            Add(command, "@q", queue);
            Add(command, "@n", (long)max);
            Add(command, "@w", worker);
            Add(command, "@now", claimedAt);
            Add(command, "@lease", claimedAt + (long)lease.TotalMilliseconds);
        }, cancellationToken).ConfigureAwait(false);
        if (jobs.Count > 1) jobs.Sort(static (a, b) => b.Priority != a.Priority ? b.Priority.CompareTo(a.Priority) : a.Id.CompareTo(b.Id));
        return jobs;
    }

    // Expired leases are looked for at most once a second per queue and process: it is a scan, the claim is not.
    private bool ShouldReap(string queue, long now)
    {
        lock (reapGate)
        {
            if (lastReap.TryGetValue(queue, out var last) && now - last < 1000 && now >= last) return false;
            lastReap[queue] = now;
            return true;
        }
    }

    /// <summary>Jobs whose worker stopped heartbeating go back to waiting, or to dead when that was their last attempt.</summary>
    internal Task<int> ReapExpiredAsync(string queue, long now, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE jobs SET
              state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'waiting' END,
              finished_at = CASE WHEN attempts >= max_attempts THEN @now ELSE NULL END,
              last_error = 'lease expired: worker ' || locked_by || ' stopped heartbeating',
              run_at = @now, locked_by = NULL, lease_until = NULL
            WHERE queue = @q AND state = 'active' AND lease_until < @now
            """, command =>
        {
            Add(command, "@q", queue);
            Add(command, "@now", now);
        }, cancellationToken);

    public async Task<LeaseStatus> HeartbeatAsync(long id, string worker, int attempt, TimeSpan lease, int? progress, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync<long>(true,
            "UPDATE jobs SET lease_until = @lease, progress = COALESCE(@progress, progress) WHERE id = @id AND state = 'active' AND locked_by = @w AND attempts = @a RETURNING cancel_requested",
            command =>
            {
                Add(command, "@lease", NowMs + (long)lease.TotalMilliseconds); // from now, not from before the wait for a connection
                Add(command, "@progress", progress is { } p ? (long)p : null, Int64);
                Add(command, "@id", id);
                Add(command, "@w", worker);
                Add(command, "@a", (long)attempt);
            }, static r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? LeaseStatus.Lost : rows[0] != 0 ? LeaseStatus.CancelRequested : LeaseStatus.Held;
    }

    public async Task<bool> FinishAsync(long id, string worker, int attempt, JobOutcome outcome, string? error, DateTimeOffset? runAt, CancellationToken cancellationToken = default)
    {
        var now = NowMs;
        var (state, finished, undo) = outcome switch
        {
            JobOutcome.Completed => ("completed", true, 0L),
            JobOutcome.Retry => ("waiting", false, 0L),
            JobOutcome.Dead => ("dead", true, 0L),
            JobOutcome.Cancelled => ("cancelled", true, 0L),
            JobOutcome.Released => ("waiting", false, 1L),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown outcome"),
        };
        var rows = await ExecuteAsync("""
            UPDATE jobs SET state = @state, finished_at = @finished, run_at = COALESCE(@runAt, run_at),
              last_error = COALESCE(@error, last_error), attempts = attempts - @undo, locked_by = NULL, lease_until = NULL,
              progress = CASE WHEN @state = 'completed' THEN 100 ELSE progress END
            WHERE id = @id AND state = 'active' AND locked_by = @w AND attempts = @a
            """, command =>
        {
            Add(command, "@state", state, Text);
            Add(command, "@finished", finished ? now : null, Int64);
            Add(command, "@runAt", runAt?.ToUnixTimeMilliseconds() ?? (outcome == JobOutcome.Released ? now : null), Int64);
            Add(command, "@error", error, Text);
            Add(command, "@undo", undo);
            Add(command, "@id", id);
            Add(command, "@w", worker);
            Add(command, "@a", (long)attempt);
        }, cancellationToken).ConfigureAwait(false);
        return rows == 1;
    }

    public Task<IReadOnlyList<long>> CompleteAsync(string worker, IReadOnlyList<(long Id, int Attempt)> jobs, CancellationToken cancellationToken = default)
    {
        var now = NowMs;
        return UpdateOwnedAsync("state = 'completed', finished_at = @now, locked_by = NULL, lease_until = NULL, progress = 100", worker, jobs,
            command => Add(command, "@now", now), cancellationToken);
    }

    public Task<IReadOnlyList<long>> RenewAsync(string worker, IReadOnlyList<(long Id, int Attempt)> jobs, TimeSpan lease, CancellationToken cancellationToken = default) =>
        UpdateOwnedAsync("lease_until = @lease", worker, jobs,
            command => Add(command, "@lease", NowMs + (long)lease.TotalMilliseconds), cancellationToken); // from now, as HeartbeatAsync

    // One UPDATE per InsertChunk jobs that worker still holds (same attempt, still active); returns the ids it changed.
    private async Task<IReadOnlyList<long>> UpdateOwnedAsync(string set, string worker, IReadOnlyList<(long Id, int Attempt)> jobs, Action<DbCommand> bind,
        CancellationToken cancellationToken)
    {
        var changed = new List<long>(jobs.Count);
        for (var start = 0; start < jobs.Count; start += InsertChunk)
        {
            var count = Math.Min(InsertChunk, jobs.Count - start);
            var first = start;
            changed.AddRange(await QueryAsync(true, null, command =>
            {
                bind(command);
                Add(command, "@w", worker);
                // UPDATE … FROM is in both dialects.
                command.CommandText = "UPDATE jobs SET " + set + " FROM " + BindOwned(command, jobs, first, count) +
                    " WHERE jobs.id = done.column1 AND jobs.attempts = done.column2 AND jobs.state = 'active' AND jobs.locked_by = @w RETURNING id";
            }, static r => r.GetInt64(0), cancellationToken).ConfigureAwait(false));
        }
        return changed;
    }

    /// <summary>
    /// Binds the (id, attempt) pairs <paramref name="jobs"/>[<paramref name="start"/>..+<paramref name="count"/>] and
    /// returns a FROM item naming them <c>done (column1 = id, column2 = attempt)</c>. The default is a VALUES list of
    /// named parameters (VALUES names its columns column1, column2 in both SQLite and PostgreSQL).
    /// </summary>
    protected virtual string BindOwned(DbCommand command, IReadOnlyList<(long Id, int Attempt)> jobs, int start, int count)
    {
        var sql = new StringBuilder("(VALUES ");
        for (var i = 0; i < count; i++)
        {
            sql.Append(i == 0 ? "" : ",").Append("(@i").Append(i).Append(", @a").Append(i).Append(')');
            Add(command, $"@i{i}", jobs[start + i].Id);
            Add(command, $"@a{i}", (long)jobs[start + i].Attempt);
        }
        return sql.Append(") AS done").ToString();
    }

    public async Task<bool> CancelAsync(long id, CancellationToken cancellationToken = default)
    {
        var now = NowMs;
        var rows = await ExecuteAsync("""
            UPDATE jobs SET
              state = CASE WHEN state = 'waiting' THEN 'cancelled' ELSE state END,
              finished_at = CASE WHEN state = 'waiting' THEN @now ELSE finished_at END,
              cancel_requested = 1
            WHERE id = @id AND state IN ('waiting', 'active')
            """, command =>
        {
            Add(command, "@id", id);
            Add(command, "@now", now);
        }, cancellationToken).ConfigureAwait(false);
        return rows == 1;
    }

    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken = default)
    {
        string? queue = null;
        var now = NowMs;
        var rows = await QueryAsync<string>(true, """
            UPDATE jobs SET state = 'waiting', attempts = 0, run_at = @now, finished_at = NULL, cancel_requested = 0, progress = 0
            WHERE id = @id AND state IN ('dead', 'cancelled') RETURNING queue
            """, command =>
        {
            Add(command, "@id", id);
            Add(command, "@now", now);
        }, static r => r.GetString(0), cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0) return false;
        queue = rows[0];
        var connection = await RentAsync(false, cancellationToken).ConfigureAwait(false);
        try
        {
            await NotifyAsync(connection, queue, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ReturnAsync(connection, false, false).ConfigureAwait(false);
        }
        return true;
    }

    public async Task<JobRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var now = NowMs;
        var rows = await QueryAsync(false, $"SELECT {Columns} FROM jobs WHERE id = @id", command => Add(command, "@id", id), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : Delayed(rows[0], now);
    }

    public async Task<IReadOnlyList<JobRecord>> ListAsync(JobState? state, string? queue, int limit, CancellationToken cancellationToken = default)
    {
        var now = NowMs;
        var where = state switch
        {
            null => "1 = 1",
            JobState.Waiting => "state = 'waiting' AND run_at <= @now",
            JobState.Delayed => "state = 'waiting' AND run_at > @now",
            _ => "state = @state",
        };
        var rows = await QueryAsync(false, $"SELECT {Columns} FROM jobs WHERE {where} AND (@queue IS NULL OR queue = @queue) ORDER BY id DESC LIMIT @limit", command =>
        {
            Add(command, "@now", now);
            Add(command, "@state", state is { } s ? JobStateNames.Name(s) : null, Text);
            Add(command, "@queue", queue, Text);
            Add(command, "@limit", (long)limit);
        }, cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(r => Delayed(r, now));
    }

    public async Task<IReadOnlyList<QueueCount>> CountsAsync(CancellationToken cancellationToken = default)
    {
        var now = NowMs;
        return await QueryAsync(false, """
            SELECT queue, CASE WHEN state = 'waiting' AND run_at > @now THEN 'delayed' ELSE state END AS s, count(*)
            FROM jobs GROUP BY queue, CASE WHEN state = 'waiting' AND run_at > @now THEN 'delayed' ELSE state END ORDER BY queue
            """, command => Add(command, "@now", now),
            static r => new QueueCount(r.GetString(0), JobStateNames.Parse(r.GetString(1)), r.GetInt64(2)), cancellationToken).ConfigureAwait(false);
    }

    public async Task UpsertScheduleAsync(string name, string queue, string cron, string payload, DateTimeOffset nextRunAt, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("""
            INSERT INTO job_schedules (name, queue, cron, payload, next_run_at) VALUES (@n, @q, @c, @p, @r)
            ON CONFLICT (name) DO UPDATE SET queue = excluded.queue, cron = excluded.cron, payload = excluded.payload, next_run_at = excluded.next_run_at
            """, command =>
        {
            Add(command, "@n", name);
            Add(command, "@q", queue);
            Add(command, "@c", cron);
            Add(command, "@p", payload);
            Add(command, "@r", nextRunAt.ToUnixTimeMilliseconds());
        }, cancellationToken).ConfigureAwait(false);

    public Task<List<JobSchedule>> DueSchedulesListAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        QueryAsync(false, "SELECT name, queue, cron, payload, next_run_at FROM job_schedules WHERE next_run_at <= @now ORDER BY next_run_at, name",
            command => Add(command, "@now", now.ToUnixTimeMilliseconds()),
            static r => new JobSchedule(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4))),
            cancellationToken);

    async Task<IReadOnlyList<JobSchedule>> IJobStore.DueSchedulesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await DueSchedulesListAsync(now, cancellationToken).ConfigureAwait(false);

    public async Task<bool> AdvanceScheduleAsync(string name, DateTimeOffset expected, DateTimeOffset next, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("UPDATE job_schedules SET next_run_at = @next WHERE name = @n AND next_run_at = @expected", command =>
        {
            Add(command, "@next", next.ToUnixTimeMilliseconds());
            Add(command, "@n", name);
            Add(command, "@expected", expected.ToUnixTimeMilliseconds());
        }, cancellationToken).ConfigureAwait(false) == 1;

    public abstract ValueTask DisposeAsync();

    internal double NextRandom()
    {
        lock (random) return random.NextDouble();
    }

    private static JobRecord Delayed(JobRecord job, long now) =>
        job.State == JobState.Waiting && job.RunAt.ToUnixTimeMilliseconds() > now ? job with { State = JobState.Delayed } : job;

    // A null needs its type spelled out: PostgreSQL cannot infer one from '@x IS NULL', and a text null does not fit a bigint column.
    protected static void Add(DbCommand command, string name, object? value, System.Data.DbType? type = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (type is { } t) parameter.DbType = t;
        command.Parameters.Add(parameter);
    }

    private const System.Data.DbType Text = System.Data.DbType.String;
    private const System.Data.DbType Int64 = System.Data.DbType.Int64;

    private static JobRecord ReadJob(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Queue = r.GetString(1),
        Payload = r.GetString(2),
        State = JobStateNames.Parse(r.GetString(3)),
        Priority = (int)r.GetInt64(4),
        Attempts = (int)r.GetInt64(5),
        MaxAttempts = (int)r.GetInt64(6),
        BackoffMs = r.GetInt64(7),
        TimeoutMs = r.IsDBNull(8) ? null : r.GetInt64(8),
        UniqueKey = r.IsDBNull(9) ? null : r.GetString(9),
        RunAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)),
        FinishedAt = r.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(12)),
        Progress = (int)r.GetInt64(13),
        LastError = r.IsDBNull(14) ? null : r.GetString(14),
        LockedBy = r.IsDBNull(15) ? null : r.GetString(15),
    };

    private Task<List<JobRecord>> QueryAsync(bool write, string sql, Action<DbCommand> bind, CancellationToken cancellationToken) =>
        QueryAsync(write, sql, bind, ReadJob, cancellationToken);

    // A null sql: bind sets the command's text.
    protected async Task<List<T>> QueryAsync<T>(bool write, string? sql, Action<DbCommand> bind, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var connection = await RentAsync(write, cancellationToken).ConfigureAwait(false);
        var broken = true;
        try
        {
            await using var command = connection.CreateCommand();
            if (sql is not null) command.CommandText = sql;
            bind(command);
            var rows = new List<T>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(read(reader));
            }
            broken = false;
            return rows;
        }
        finally
        {
            await ReturnAsync(connection, write, broken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a statement that changes rows.</summary>
    protected async Task<int> ExecuteAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        var connection = await RentAsync(true, cancellationToken).ConfigureAwait(false);
        var broken = true;
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            var rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            broken = false;
            return rows;
        }
        finally
        {
            await ReturnAsync(connection, true, broken).ConfigureAwait(false);
        }
    }
}
