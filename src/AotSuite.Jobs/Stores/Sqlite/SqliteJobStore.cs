using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace AotSuite.Jobs.Stores.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, shared by any number of worker processes on the machine. SQLite
/// has one writer at a time, so a claim (one UPDATE … RETURNING) cannot hand a job out twice; a busy timeout makes
/// writers queue instead of failing. Workers in this process wake at once on enqueue; others poll.
/// </summary>
public sealed class SqliteJobStore : SqlJobStore
{
    private static readonly ConcurrentDictionary<string, WorkSignal> Signals = new(StringComparer.Ordinal);
    // One writer at a time per file in this process, queued asynchronously: SQLite's busy handler would otherwise park a
    // thread-pool thread per waiting writer in sleep(), and a busy worker (24 jobs finishing at once) starves the pool.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteGates = new(StringComparer.Ordinal);
    private static int providerSet;
    private readonly string connectionString;
    private readonly WorkSignal signal;
    private readonly SemaphoreSlim writeGate;

    /// <param name="path">The database file; created with its folder when missing.</param>
    public SqliteJobStore(string path, TimeProvider? time = null) : base(time)
    {
        EnsureProvider();
        var full = System.IO.Path.GetFullPath(path);
        Path = full;
        if (System.IO.Path.GetDirectoryName(full) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        connectionString = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 }.ToString();
        signal = Signals.GetOrAdd(full, static _ => new WorkSignal());
        writeGate = WriteGates.GetOrAdd(full, static _ => new SemaphoreSlim(1));
    }

    public string Path { get; }

    /// <summary>How often workers in other processes look for new jobs (they cannot be woken across processes).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    // The plain 'sqlite3' provider binds to the system library: libsqlite3.so under the JIT, the static
    // libsqlite3.a that jobq links in under NativeAOT (DirectPInvoke). No bundle, no reflection.
    private static void EnsureProvider()
    {
        if (Interlocked.Exchange(ref providerSet, 1) == 0) SQLitePCL.raw.SetProvider(new SQLitePCL.SQLite3Provider_sqlite3());
    }

    protected override async ValueTask<DbConnection> RentAsync(bool write, CancellationToken cancellationToken)
    {
        if (write) await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Per connection: wait up to 30 s for the writer lock (held by another process) instead of failing with SQLITE_BUSY.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            if (write) writeGate.Release();
            throw;
        }
    }

    protected override async ValueTask ReturnAsync(DbConnection connection, bool write, bool broken)
    {
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            if (write) writeGate.Release();
        }
    }

    protected override string SchemaSql => """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS jobs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          queue TEXT NOT NULL,
          payload TEXT NOT NULL,
          state TEXT NOT NULL,
          priority INTEGER NOT NULL DEFAULT 0,
          run_at INTEGER NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          max_attempts INTEGER NOT NULL,
          backoff_ms INTEGER NOT NULL,
          timeout_ms INTEGER,
          unique_key TEXT,
          locked_by TEXT,
          lease_until INTEGER,
          cancel_requested INTEGER NOT NULL DEFAULT 0,
          progress INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          created_at INTEGER NOT NULL,
          finished_at INTEGER
        );
        CREATE UNIQUE INDEX IF NOT EXISTS jobs_unique ON jobs (queue, unique_key);
        CREATE INDEX IF NOT EXISTS jobs_ready ON jobs (queue, priority DESC, run_at, id) WHERE state = 'waiting';
        CREATE INDEX IF NOT EXISTS jobs_leases ON jobs (queue, lease_until) WHERE state = 'active';
        CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state, queue);
        CREATE TABLE IF NOT EXISTS job_schedules (
          name TEXT PRIMARY KEY, queue TEXT NOT NULL, cron TEXT NOT NULL, payload TEXT NOT NULL, next_run_at INTEGER NOT NULL
        );
        """;

    protected override string ClaimSql => """
        UPDATE jobs SET state = 'active', locked_by = @w, lease_until = @lease, attempts = attempts + 1, cancel_requested = 0
        WHERE id IN (
          SELECT id FROM jobs WHERE queue = @q AND state = 'waiting' AND run_at <= @now
          ORDER BY priority DESC, run_at, id LIMIT @n)
        """;

    // One parameter holding the rows as a JSON array, spread by json_each: SQLite finds a named parameter by a linear
    // scan of the statement's names, so 5,000 of them (500 rows of 10) cost more than the insert itself.
    protected override void BindInsert(DbCommand command, ReadOnlySpan<InsertRow> rows)
    {
        var json = new System.Buffers.ArrayBufferWriter<byte>(rows.Length * 96);
        using (var writer = new System.Text.Json.Utf8JsonWriter(json))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(row.Queue);
                writer.WriteStringValue(row.Payload);
                writer.WriteNumberValue(row.Priority);
                writer.WriteNumberValue(row.RunAt);
                writer.WriteNumberValue(row.MaxAttempts);
                writer.WriteNumberValue(row.BackoffMs);
                if (row.TimeoutMs is { } timeout) writer.WriteNumberValue(timeout);
                else writer.WriteNullValue();
                if (row.UniqueKey is { } key) writer.WriteStringValue(key);
                else writer.WriteNullValue();
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
        // 'WHERE true' lets the parser tell the upsert from a join; ORDER BY key keeps ids ascending in row order.
        command.CommandText = "INSERT INTO jobs (" + InsertColumns + """
            ) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), 'waiting', json_extract(value, '$[2]'),
              json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[6]'),
              json_extract(value, '$[7]'), @c
            FROM json_each(@rows) WHERE true ORDER BY key
            ON CONFLICT DO NOTHING RETURNING id, queue, unique_key
            """;
        Add(command, "@rows", System.Text.Encoding.UTF8.GetString(json.WrittenSpan));
    }

    protected override Task NotifyAsync(DbConnection connection, string queue, CancellationToken cancellationToken)
    {
        signal.Pulse(queue);
        return Task.CompletedTask;
    }

    public override Task WaitForWorkAsync(string queue, TimeSpan max, CancellationToken cancellationToken) =>
        signal.WaitAsync(queue, max < PollInterval ? max : PollInterval, Time, cancellationToken);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
