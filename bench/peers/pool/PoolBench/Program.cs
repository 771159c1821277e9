// BORROWERS concurrent loops contend for a pool of at most MAX resources for DURATION seconds (after a 1 s warm-up):
// each acquires, uses the resource, releases, again. Reports borrows per second and the acquire wait (p50, p99, max).
//   PoolBench memory   [borrowers=64] [max=10] [duration=5]          AotSuite.Pooling of plain objects; use = one Task.Yield
//   PoolBench pg-ours  [borrowers] [max] [duration] <connection>     AotSuite.Pooling of raw NpgsqlConnections; use = SELECT 1 (prepared)
//   PoolBench pg-npgsql [borrowers] [max] [duration] <connection>    Npgsql's own pool (Maximum Pool Size = max): open, SELECT 1, close
// The same loop as pool/node-pools.js, so the difference is the pool.
using System.Diagnostics;
using System.Globalization;
using AotSuite.Pooling;
using Npgsql;

var mode = args.Length > 0 ? args[0] : "";
if (mode is not ("memory" or "pg-ours" or "pg-npgsql") || (mode != "memory" && args.Length < 5))
{
    Console.Error.WriteLine("usage: PoolBench memory|pg-ours|pg-npgsql [borrowers] [max] [duration-seconds] [connection string]");
    return 2;
}
var inv = CultureInfo.InvariantCulture;
var borrowers = args.Length > 1 ? int.Parse(args[1], inv) : 64;
var max = args.Length > 2 ? int.Parse(args[2], inv) : 10;
var duration = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3], inv) : 5);
var connection = args.Length > 4 ? args[4] : "";

Func<Task<long>> borrow; // one borrow; returns the acquire wait in Stopwatch ticks
IAsyncDisposable owner;
switch (mode)
{
    case "memory":
    {
        var pool = new Pool<object>(new PoolOptions<object> { Create = static _ => ValueTask.FromResult(new object()), MaxSize = max, MinSize = max });
        borrow = async () =>
        {
            var t0 = Stopwatch.GetTimestamp();
            using var lease = await pool.AcquireAsync();
            var waited = Stopwatch.GetTimestamp() - t0;
            await Task.Yield();
            return waited;
        };
        owner = pool;
        break;
    }
    case "pg-ours":
    {
        var unpooled = Prepared(new NpgsqlConnectionStringBuilder(connection) { Pooling = false }).ConnectionString;
        var pool = new Pool<NpgsqlConnection>(new PoolOptions<NpgsqlConnection>
        {
            MaxSize = max,
            MinSize = max,
            Create = async ct =>
            {
                var c = new NpgsqlConnection(unpooled);
                await c.OpenAsync(ct);
                return c;
            },
            Destroy = static c => c.DisposeAsync(),
        });
        borrow = async () =>
        {
            var t0 = Stopwatch.GetTimestamp();
            using var lease = await pool.AcquireAsync();
            var waited = Stopwatch.GetTimestamp() - t0;
            await SelectOne(lease.Value);
            return waited;
        };
        owner = pool;
        break;
    }
    default:
    {
        var source = NpgsqlDataSource.Create(Prepared(new NpgsqlConnectionStringBuilder(connection) { Pooling = true, MaxPoolSize = max, MinPoolSize = max }).ConnectionString);
        borrow = async () =>
        {
            var t0 = Stopwatch.GetTimestamp();
            await using var c = await source.OpenConnectionAsync();
            var waited = Stopwatch.GetTimestamp() - t0;
            await SelectOne(c);
            return waited;
        };
        owner = source;
        break;
    }
}

var measuring = false;
var stop = false;
var waits = new List<long>[borrowers];
async Task Loop(int index)
{
    var mine = waits[index] = new List<long>(1 << 16);
    while (!Volatile.Read(ref stop))
    {
        var waited = await borrow();
        if (Volatile.Read(ref measuring)) mine.Add(waited);
    }
}
var loops = Enumerable.Range(0, borrowers).Select(i => Task.Run(() => Loop(i))).ToArray();
await Task.Delay(1000);
var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
Volatile.Write(ref measuring, true);
await Task.Delay(duration);
Volatile.Write(ref measuring, false);
var elapsed = clock.Elapsed.TotalSeconds;
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
Volatile.Write(ref stop, true);
await Task.WhenAll(loops);
await owner.DisposeAsync();

var all = waits.SelectMany(w => w).Select(t => t * 1e6 / Stopwatch.Frequency).Order().ToArray();
double P(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
Console.WriteLine(string.Create(inv,
    $"mode={mode} borrowers={borrowers} max={max} borrows={all.Length} borrows_per_s={all.Length / elapsed:0} wait_p50_us={P(0.5):0.0} wait_p99_us={P(0.99):0.0} wait_max_us={all[^1]:0.0} cpu_us_per_borrow={cpu * 1e6 / all.Length:0.00}"));
return 0;

// SELECT 1 is prepared on each connection at its first use, like node-postgres's named query in node-pools.js, so both
// sides send the same Bind/Execute per borrow (before, Npgsql's unprepared extended protocol met node-postgres's simple
// query, and the server's work per query differed, not only the pool's).
static NpgsqlConnectionStringBuilder Prepared(NpgsqlConnectionStringBuilder builder)
{
    builder.MaxAutoPrepare = 4;
    builder.AutoPrepareMinUsages = 1;
    return builder;
}

static async Task SelectOne(NpgsqlConnection connection)
{
    await using var command = new NpgsqlCommand("SELECT 1", connection);
    await command.ExecuteScalarAsync();
}
