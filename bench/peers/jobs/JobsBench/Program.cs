// AotSuite.Jobs measured the way graphile-worker's perfTest measures itself:
//   JobsBench throughput pg|sqlite <connection string|file> [jobs=100000] [batch=1000] [concurrency=24] [workers=1] [prefetch=500]
//     enqueue JOBS no-op jobs in batches of BATCH (timed), then run them with WORKERS JobWorkers of CONCURRENCY each,
//     each with a local queue of PREFETCH (graphile's perfTest uses 500), until every one is recorded completed (timed).
//   JobsBench latency pg|sqlite <connection string|file> [samples=1000]
//     one worker (concurrency 1) waits; jobs are added one at a time, each after the previous started: add→start time.
// Prints one line of key=value pairs for bench/peers/jobs.sh.
using System.Diagnostics;
using System.Globalization;
using AotSuite.Jobs;
using AotSuite.Jobs.Stores.Postgres;
using AotSuite.Jobs.Stores.Sqlite;

if (args.Length < 3 || args[0] is not ("throughput" or "latency") || args[1] is not ("pg" or "sqlite"))
{
    Console.Error.WriteLine("usage: JobsBench throughput|latency pg|sqlite <connection string|file> [...]");
    return 2;
}
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
var inv = CultureInfo.InvariantCulture;

await using IJobStore store = args[1] == "pg" ? new PostgresJobStore(args[2], maxConnections: 16) : new SqliteJobStore(args[2]);
await store.InitializeAsync();
var noop = new JobOptions();

if (args[0] == "throughput")
{
    var jobs = Arg(3, 100_000);
    var batch = Arg(4, 1000);
    var concurrency = Arg(5, 24);
    var workerCount = Arg(6, 1);
    var prefetch = Arg(7, 500);
    var clock = Stopwatch.StartNew();
    for (var start = 0; start < jobs; start += batch)
    {
        var count = Math.Min(batch, jobs - start);
        var list = new NewJob[count];
        for (var i = 0; i < count; i++) list[i] = new NewJob("bench", $"{{\"id\":{start + i}}}", noop);
        await store.EnqueueAsync(list);
    }
    var enqueueSeconds = clock.Elapsed.TotalSeconds;

    var done = 0;
    var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var options = new WorkerOptions { Concurrency = concurrency, Prefetch = prefetch };
    var workers = Enumerable.Range(0, workerCount).Select(_ => new JobWorker(store, "bench", static (_, _) => Task.CompletedTask, options)).ToList();
    clock.Restart();
    foreach (var worker in workers)
    {
        worker.Completed += _ => { if (Interlocked.Increment(ref done) == jobs) all.TrySetResult(); };
        worker.Start();
    }
    await all.Task;
    var runSeconds = clock.Elapsed.TotalSeconds;
    foreach (var worker in workers) await worker.StopAsync(TimeSpan.FromSeconds(5));
    Console.WriteLine(string.Create(inv,
        $"jobs={jobs} batch={batch} concurrency={concurrency} workers={workerCount} prefetch={prefetch} enqueue_s={enqueueSeconds:0.000} enqueue_per_s={jobs / enqueueSeconds:0} run_s={runSeconds:0.000} jobs_per_s={jobs / runSeconds:0}"));
}
else
{
    var samples = Arg(3, 1000);
    var started = new long[samples];
    var signal = new SemaphoreSlim(0);
    var stamps = new long[samples];
    var worker = new JobWorker(store, "latency", (job, _) =>
    {
        var at = Stopwatch.GetTimestamp();
        var n = int.Parse(job.Job.Payload.AsSpan(6, job.Job.Payload.Length - 7), inv); // {"id":N}
        if (n >= 0) started[n] = at;
        signal.Release();
        return Task.CompletedTask;
    }, new WorkerOptions { Concurrency = 1, IdleWait = TimeSpan.FromSeconds(5) });
    worker.Start();
    // Warm up: connections, the LISTEN, the JIT-free code paths' first calls.
    for (var i = 1; i <= 50; i++)
    {
        await store.EnqueueAsync([new NewJob("latency", $"{{\"id\":{-i}}}", noop)]);
        await signal.WaitAsync();
    }
    await Task.Delay(500);
    for (var i = 0; i < samples; i++)
    {
        stamps[i] = Stopwatch.GetTimestamp();
        await store.EnqueueAsync([new NewJob("latency", $"{{\"id\":{i}}}", noop)]);
        await signal.WaitAsync();
    }
    await worker.StopAsync(TimeSpan.FromSeconds(5));
    var ms = Enumerable.Range(0, samples).Select(i => Stopwatch.GetElapsedTime(stamps[i], started[i]).TotalMilliseconds).Order().ToArray();
    double P(double q) => ms[Math.Min(ms.Length - 1, (int)Math.Ceiling(q * ms.Length) - 1)];
    Console.WriteLine(string.Create(inv, $"samples={samples} p50_ms={P(0.50):0.00} p99_ms={P(0.99):0.00} max_ms={ms[^1]:0.00} avg_ms={ms.Average():0.00}"));
}
return 0;
