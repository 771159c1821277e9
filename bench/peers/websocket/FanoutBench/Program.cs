// Load client of bench/peers/websocket.sh, NativeAOT on AotSuite's WebSocketClient, so the client is not what limits
// the figures (Node's ws client saturated its core before either server did). One mode per run:
//   FanoutBench echo      URL CONNECTIONS SECONDS SERVER_PID [BURST]  → "echo <round trips/s> <server CPU µs/trip> <client CPU µs/trip> <server kernel µs/trip>"
//   FanoutBench broadcast URL RECEIVERS MESSAGES SERVER_PID  → "broadcast <delivered/s> <server CPU µs/delivery> <client CPU µs/delivery> <server kernel µs/delivery>"
//   FanoutBench idle      URL CONNECTIONS SERVER_PID         → "idle <server RSS KiB before> <after CONNECTIONS> <after twice as many> <bytes per connection over the second CONNECTIONS>"
// Echo runs 32-byte text round trips after 1 s of warm-up: each connection sends one message and waits for its echo,
// or with BURST, sends that many in one write and waits for all their echoes (as wrk's pipelined HTTP requests: the
// system calls are shared by a burst, so the servers' own cost per message shows). CPU time is read from /proc over the
// measured span only: on a machine shared with other work it says what each side costs, where a rate says how much
// CPU it happened to get.
// Broadcast speaks chat-server's protocol (nick, join → history, say → message): RECEIVERS clients and one sender in
// one room; the sender stays at most WINDOW messages ahead of delivery so neither side buffers the whole run.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using AotSuite.Http.Connection;
using AotSuite.WebSockets;
using AotSuite.WebSockets.Client;

if (args.Length != (args is ["idle", ..] ? 4 : 5) && args is not ["echo", _, _, _, _, _] || args[0] is not ("echo" or "broadcast" or "idle"))
{
    Console.Error.WriteLine("usage: FanoutBench echo URL CONNECTIONS SECONDS SERVER_PID [BURST], FanoutBench broadcast URL RECEIVERS MESSAGES SERVER_PID, or FanoutBench idle URL CONNECTIONS SERVER_PID");
    return 2;
}
// Nothing here blocks: socket completions run on the epoll thread, as chat-server's do, so the client's cost per
// round trip stays below either server's.
HttpServer.UseInlineSocketCompletions();
var url = new Uri(args[1]);
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var amount = int.Parse(args[3], CultureInfo.InvariantCulture);
var serverPid = int.Parse(args[args[0] == "idle" ? 3 : 4], CultureInfo.InvariantCulture);
var burst = args.Length == 6 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 1;
// A receiver that falls 1 MiB behind would be dropped by our own backpressure; the client reads as fast as it can.
var options = new WebSocketOptions { MaxPendingSendBytes = 16 * 1024 * 1024 };

async Task<WebSocket[]> OpenAsync(int n, int batch, Func<WebSocket, int, Task>? setup = null)
{
    var sockets = new WebSocket[n];
    for (var i = 0; i < n; i += batch)
    {
        await Task.WhenAll(Enumerable.Range(i, Math.Min(batch, n - i)).Select(async k =>
        {
            sockets[k] = await WebSocketClient.ConnectAsync(url, options);
            if (setup is not null) await setup(sockets[k], k);
        }));
    }
    return sockets;
}

switch (args[0])
{
    case "echo":
        await EchoAsync();
        break;
    case "broadcast":
        await BroadcastAsync();
        break;
    default:
        await IdleAsync();
        break;
}
return 0;

async Task EchoAsync()
{
    var sockets = await OpenAsync(count, 64);
    var payload = Encoding.UTF8.GetBytes(new string('x', 32));
    long trips = 0;
    var running = true;
    var loops = sockets.Select(async socket =>
    {
        while (Volatile.Read(ref running))
        {
            if (burst == 1)
            {
                if (!await socket.SendAsync(payload)) return;
            }
            else
            {
                // Posted frames leave together in the one flush that follows them.
                for (var b = 0; b < burst; b++) socket.Post(payload);
            }
            for (var b = 0; b < burst; b++)
            {
                if ((await socket.ReceiveAsync()).IsClose) return;
                Interlocked.Increment(ref trips);
            }
        }
    }).ToArray();
    await Task.Delay(1000);
    var start = Interlocked.Read(ref trips);
    var cpu = CpuClock.Start(serverPid);
    await Task.Delay(TimeSpan.FromSeconds(amount));
    var done = Interlocked.Read(ref trips) - start;
    Volatile.Write(ref running, false);
    Console.WriteLine($"echo {cpu.Report(done)}");
    foreach (var socket in sockets) socket.Abort();
    await Task.WhenAll(loops);
}

async Task BroadcastAsync()
{
    const int Window = 20;
    long delivered = 0;
    var expected = (long)count * amount;
    var progress = new SemaphoreSlim(0);
    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var loops = new Task[count];
    // Each receiver reads from the moment it has joined: chat-server tells every member about each later join, and a
    // receiver left unread would pass the server's send-queue limit and be dropped.
    var receivers = await OpenAsync(count, 50, async (socket, k) =>
    {
        await JoinAsync(socket, $"r{k}");
        loops[k] = ReceiveAsync(socket);
    });
    var sender = (await OpenAsync(1, 1, (socket, _) => JoinAsync(socket, "sender")))[0];
    var drain = ReceiveAsync(sender, counts: false);
    var cpu = CpuClock.Start(serverPid);
    for (var m = 0; m < amount; m++)
    {
        await sender.SendAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"say\",\"room\":\"bench\",\"text\":\"message {m}\"}}"));
        while (m >= Window && Interlocked.Read(ref delivered) < (long)(m - Window) * count && !done.Task.IsCompleted)
        {
            await progress.WaitAsync(100);
        }
    }
    await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
    Console.WriteLine($"broadcast {cpu.Report(Interlocked.Read(ref delivered))}");
    foreach (var socket in receivers.Append(sender)) socket.Abort();
    await Task.WhenAll(loops.Append(drain));

    async Task ReceiveAsync(WebSocket socket, bool counts = true)
    {
        while (true)
        {
            var message = await socket.ReceiveAsync();
            if (message.IsClose)
            {
                if (!done.Task.IsCompleted) done.TrySetException(new InvalidOperationException($"a client was disconnected ({message.CloseStatus}) after {Interlocked.Read(ref delivered)} deliveries"));
                return;
            }
            // Only room lines count: chat-server also tells members about joins and presence, the ws peer does not.
            if (!counts || !message.Data.Span.StartsWith("{\"type\":\"message\""u8)) continue;
            var n = Interlocked.Increment(ref delivered);
            if (n % count == 0) progress.Release();
            if (n == expected) done.TrySetResult();
        }
    }
}

static async Task JoinAsync(WebSocket socket, string nick)
{
    await socket.SendTextAsync($"{{\"type\":\"nick\",\"nick\":\"{nick}\"}}");
    await socket.SendTextAsync("{\"type\":\"join\",\"room\":\"bench\"}");
    while (true)
    {
        var message = await socket.ReceiveAsync();
        if (message.IsClose) throw new InvalidOperationException($"'{nick}' was disconnected while joining ({message.CloseStatus})");
        if (message.Data.Span.StartsWith("{\"type\":\"history\""u8)) return;
    }
}

async Task IdleAsync()
{
    // Twice: the growth over the second batch is what one more idle connection costs, without what the first ones
    // paid once for the whole server (code paged in, heap and buffers first touched, threads started). The second goes
    // in steps, the RSS read after each: a garbage-collected heap grows in steps (regions committed, a young
    // generation's garbage not yet collected), so the least-squares slope over all of them says more than two readings.
    const int Steps = 8;
    var before = Rss(serverPid);
    var first = await OpenAsync(count, 100);
    await Task.Delay(2000);
    var middle = Rss(serverPid);
    var second = new List<WebSocket>(count);
    var points = new List<(double Connections, double Kib)> { (0, middle) };
    for (var step = 1; step <= Steps; step++)
    {
        second.AddRange(await OpenAsync(count * step / Steps - second.Count, 100));
        await Task.Delay(1000);
        points.Add((second.Count, Rss(serverPid)));
    }
    Console.WriteLine($"idle {before} {middle} {points[^1].Kib} {Math.Round(Slope(points) * 1024)}");
    foreach (var socket in first.Concat(second)) socket.Abort();
}

static double Slope(List<(double X, double Y)> points)
{
    var meanX = points.Average(p => p.X);
    var meanY = points.Average(p => p.Y);
    return points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / points.Sum(p => (p.X - meanX) * (p.X - meanX));
}

static long Rss(int pid)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
    }
    throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line");
}

/// <summary>Wall time, and the CPU time of the server and of this client, from <see cref="Start"/> to <see cref="Report"/>.</summary>
internal readonly record struct CpuClock(int ServerPid, long Started, (long User, long System) ServerTicks, TimeSpan ClientCpu)
{
    private static readonly double SecondsPerTick = 1.0 / 100; // USER_HZ: /proc/PID/stat counts in 1/100 s on Linux

    public static CpuClock Start(int serverPid) =>
        new(serverPid, Stopwatch.GetTimestamp(), ServerTicksNow(serverPid), Process.GetCurrentProcess().TotalProcessorTime);

    /// <summary>
    /// "rate/s server-µs-per-op client-µs-per-op server-kernel-µs-per-op" for <paramref name="operations"/> done since
    /// the start; the last is the part of the server's time spent in the kernel (TCP over loopback, mostly).
    /// </summary>
    public string Report(long operations)
    {
        var seconds = Stopwatch.GetElapsedTime(Started).TotalSeconds;
        var (user, system) = ServerTicksNow(ServerPid);
        var server = (user - ServerTicks.User + system - ServerTicks.System) * SecondsPerTick;
        var kernel = (system - ServerTicks.System) * SecondsPerTick;
        var client = (Process.GetCurrentProcess().TotalProcessorTime - ClientCpu).TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"{operations / seconds:0} {server * 1e6 / operations:0.00} {client * 1e6 / operations:0.00} {kernel * 1e6 / operations:0.00}");
    }

    // utime and stime: fields 14 and 15 of /proc/PID/stat, counted after the ") " that ends the command name.
    private static (long User, long System) ServerTicksNow(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture), long.Parse(fields[12], CultureInfo.InvariantCulture));
    }
}
