// Closed-loop load from one process: CONCURRENCY workers, each sending GET URL and reading the body as a string, as
// fast as the server answers; counts completed requests over DURATION seconds after a WARMUP, the bytes allocated and
// the CPU time used per request. Same loop for both clients, so the difference is the client.
//   ClientBench fetch|httpclient URL [concurrency=32] [duration=10] [warmup=2]
using System.Diagnostics;
using AotSuite.Http.Client;

if (args.Length < 2 || args[0] is not ("fetch" or "httpclient"))
{
    Console.Error.WriteLine("usage: ClientBench fetch|httpclient URL [concurrency] [duration-seconds] [warmup-seconds]");
    return 2;
}
var url = new Uri(args[1]);
var concurrency = args.Length > 2 ? int.Parse(args[2]) : 32;
var duration = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3]) : 10);
var warmup = TimeSpan.FromSeconds(args.Length > 4 ? double.Parse(args[4]) : 2);

Func<Task<string>> get;
IDisposable owner;
if (args[0] == "fetch")
{
    var client = new FetchClient(new FetchClientOptions { MaxConnectionsPerOrigin = concurrency });
    get = () => client.GetStringAsync(url).AsTask();
    owner = client;
}
else
{
    var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
    get = () => client.GetStringAsync(url);
    owner = client;
}

var expected = await get();
long completed = 0;
long failed = 0;
var stop = false;

async Task Worker()
{
    while (!Volatile.Read(ref stop))
    {
        try
        {
            var body = await get();
            if (body.Length == expected.Length) Interlocked.Increment(ref completed);
            else Interlocked.Increment(ref failed);
        }
        catch (Exception e)
        {
            if (Interlocked.Increment(ref failed) == 1) Console.Error.WriteLine(e.Message);
        }
    }
}

var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)).ToArray();
await Task.Delay(warmup);
var startCount = Interlocked.Read(ref completed);
var startAllocated = GC.GetTotalAllocatedBytes(precise: false);
var startCpu = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
await Task.Delay(duration);
var count = Interlocked.Read(ref completed) - startCount;
var seconds = clock.Elapsed.TotalSeconds;
var allocated = GC.GetTotalAllocatedBytes(precise: false) - startAllocated;
// CPU time per request: on a shared, loaded VM the rate moves with the neighbours; the work per request much less.
var cpu = Process.GetCurrentProcess().TotalProcessorTime - startCpu;
Volatile.Write(ref stop, true);
await Task.WhenAll(workers);
owner.Dispose();
Console.WriteLine(
    $"requests {count} seconds {seconds:F2} rps {count / seconds:F0} bytes/req {allocated / Math.Max(1, count)} " +
    $"cpu-us/req {cpu.TotalMicroseconds / Math.Max(1, count):F1} failed {failed}");
return failed > 0 ? 1 : 0;
