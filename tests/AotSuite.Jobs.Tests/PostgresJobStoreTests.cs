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
}
