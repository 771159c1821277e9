using AotSuite.Testing.Postgres;
using Npgsql;

namespace AotSuite.Pooling.Tests;

/// <summary>The pool holding raw Npgsql connections (Npgsql's own pooling off) against a real server.</summary>
[ClassDataSource<PostgresServer>(Shared = SharedType.PerTestSession)]
[NotInParallel("postgres-pool")]
public class PostgresPoolTests(PostgresServer server)
{
    private PoolOptions<NpgsqlConnection> Options(int max, [System.Runtime.CompilerServices.CallerMemberName] string test = "") => new()
    {
        Name = "pg",
        MaxSize = max,
        Create = async ct =>
        {
            var connection = new NpgsqlConnection(server.ConnectionString + $";Pooling=false;Application Name={test[..Math.Min(test.Length, 60)]}");
            await connection.OpenAsync(ct);
            return connection;
        },
        Validate = static async (c, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT 1", c);
            return (int)(await command.ExecuteScalarAsync(ct))! == 1;
        },
        Destroy = static c => c.DisposeAsync(),
        ValidateOnBorrow = true,
        AcquireTimeout = TimeSpan.FromSeconds(30),
    };

    [Test]
    public async Task Replaces_connections_the_server_terminated()
    {
        await using var pool = new Pool<NpgsqlConnection>(Options(3));
        var pids = new List<int>();
        var leases = new List<PoolLease<NpgsqlConnection>>();
        for (var i = 0; i < 3; i++)
        {
            var lease = await pool.AcquireAsync();
            pids.Add(lease.Value.ProcessID);
            leases.Add(lease);
        }
        foreach (var lease in leases) lease.Dispose();

        await using (var admin = new NpgsqlConnection(server.ConnectionString + ";Pooling=false"))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'Replaces_connections_the_server_terminated'", admin);
            await Assert.That((long)(await kill.ExecuteScalarAsync())!).IsEqualTo(3);
        }

        for (var i = 0; i < 3; i++)
        {
            using var lease = await pool.AcquireAsync();
            await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", lease.Value);
            var pid = (int)(await command.ExecuteScalarAsync())!;
            await Assert.That(pids).DoesNotContain(pid);
        }
        await Assert.That(pool.Metrics.Destroyed).IsGreaterThanOrEqualTo(3);
    }

    [Test]
    public async Task A_burst_of_1000_acquirers_on_10_connections_all_complete_in_order()
    {
        await using var pool = new Pool<NpgsqlConnection>(Options(10) with { ValidateOnBorrow = false });
        var serials = new long[1000];
        var tasks = new Task[1000];
        for (var i = 0; i < tasks.Length; i++) tasks[i] = Query(pool.AcquireAsync(), i);
        await Task.WhenAll(tasks);
        await Assert.That(pool.Metrics.Created).IsLessThanOrEqualTo(10);
        // Acquirers queued in call order; the pool must serve them in that order (serials are handed out under its lock).
        await Assert.That(serials).IsEquivalentTo(serials.Order().ToArray(), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(serials.Distinct().Count()).IsEqualTo(1000);

        async Task Query(ValueTask<PoolLease<NpgsqlConnection>> acquire, int n)
        {
            using var lease = await acquire;
            serials[n] = lease.Serial;
            await using var command = new NpgsqlCommand("SELECT 1", lease.Value);
            await command.ExecuteScalarAsync();
        }
    }

    [Test]
    public async Task A_burst_that_cannot_be_served_in_time_fails_with_a_clear_timeout()
    {
        await using var pool = new Pool<NpgsqlConnection>(Options(2) with { AcquireTimeout = TimeSpan.FromMilliseconds(1000), ValidateOnBorrow = false, MinSize = 2 });
        // both connections open before the burst, so the timeout measures waiting, not connecting
        await PoolTests.WaitFor(() => pool.Metrics.Idle == 2, seconds: 60);
        var tasks = Enumerable.Range(0, 50).Select(_ => Hold(pool.AcquireAsync())).ToList();
        var results = await Task.WhenAll(tasks.Select(async t => { try { await t; return "ok"; } catch (PoolTimeoutException e) { return e.Message; } }));
        await Assert.That(results.Count(r => r == "ok")).IsGreaterThanOrEqualTo(2);
        await Assert.That(results.Where(r => r != "ok")).IsNotEmpty();
        await Assert.That(results.First(r => r != "ok")).StartsWith("pg: timed out after 1000 ms waiting for a resource");

        static async Task Hold(ValueTask<PoolLease<NpgsqlConnection>> acquire)
        {
            using var lease = await acquire;
            await using var command = new NpgsqlCommand("SELECT pg_sleep(0.3)", lease.Value);
            await command.ExecuteNonQueryAsync();
        }
    }
}
