using AotSuite.Jobs.Stores.Postgres;
using AotSuite.Testing.Postgres;

namespace AotSuite.Jobs.Tests;

[InheritsTests]
[ClassDataSource<PostgresServer>(Shared = SharedType.PerTestSession)]
public sealed class PostgresJobStoreTests(PostgresServer server) : JobStoreBehaviour
{
    private static readonly SemaphoreSlim SchemaGate = new(1);
    private static string? database;

    protected override async Task<IJobStore> StoreAsync(TimeProvider? time = null)
    {
        await SchemaGate.WaitAsync();
        try
        {
            database ??= await server.CreateDatabaseAsync("jobs_tests");
        }
        finally
        {
            SchemaGate.Release();
        }
        var store = new PostgresJobStore(database, maxConnections: 8, time) { PollInterval = TimeSpan.FromMilliseconds(200) };
        await store.InitializeAsync();
        return store;
    }

    [Test]
    public async Task Replaces_an_older_database_s_full_table_indexes_and_still_keeps_unique_keys()
    {
        var connectionString = await server.CreateDatabaseAsync("jobs_migration");
        await using (var store = new PostgresJobStore(connectionString)) await store.InitializeAsync();
        await Sql(connectionString, """
            DROP INDEX jobs_unique_key; DROP INDEX jobs_failed;
            CREATE UNIQUE INDEX jobs_unique ON jobs (queue, unique_key); CREATE INDEX jobs_state ON jobs (state, queue)
            """); // what session 5's store made
        await using var upgraded = new PostgresJobStore(connectionString);
        await upgraded.InitializeAsync();
        var indexes = await Sql(connectionString, "SELECT indexname FROM pg_indexes WHERE tablename = 'jobs' ORDER BY indexname");
        await Assert.That(indexes).IsEquivalentTo(new[] { "jobs_failed", "jobs_leases", "jobs_pkey", "jobs_ready", "jobs_unique_key" },
            TUnit.Assertions.Enums.CollectionOrdering.Matching);
        var queue = new JobQueue(upgraded);
        var first = await queue.EnqueueJsonAsync("orders", "{\"n\":1}", new JobOptions { UniqueKey = "order-42" });
        var second = await queue.EnqueueJsonAsync("orders", "{\"n\":2}", new JobOptions { UniqueKey = "order-42" });
        await Assert.That(second).IsEqualTo(first);
    }

    // The first column of the first result's rows (none for statements that return none).
    private static async Task<List<string>> Sql(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
