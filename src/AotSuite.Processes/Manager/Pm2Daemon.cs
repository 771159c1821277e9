using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using AotSuite.Json;
using AotSuite.Native;

namespace AotSuite.Processes.Manager;

/// <summary>
/// The minipm2 daemon: a Unix socket that takes one JSON request per connection, the supervised processes, and
/// state.json rewritten (atomically) on every change. Commands, child exits and backoff timers all run one at a time
/// under a single async lock, so the bookkeeping has no races to reason about.
/// </summary>
public sealed partial class Pm2Daemon
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly SortedDictionary<int, ManagedProcess> processes = [];
    private readonly Dictionary<int, (TimeSpan Cpu, long At)> cpuSamples = [];
    private readonly CancellationTokenSource shutdown = new();
    private readonly Action<string> log;
    private int nextId;
    private bool forgetOnExit;

    private Pm2Daemon(Pm2Home home, Action<string> log)
    {
        Home = home;
        this.log = log;
        DevNull = Libc.Open("/dev/null", Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        LogMaxBytes = EnvironmentNumber("MINIPM2_LOG_MAX_BYTES", 10 * 1024 * 1024);
        LogCheckInterval = TimeSpan.FromMilliseconds(EnvironmentNumber("MINIPM2_LOG_CHECK_MS", 30_000));
    }

    public Pm2Home Home { get; }

    /// <summary>Every child's stdin.</summary>
    internal int DevNull { get; }

    /// <summary>Log files are rotated past this size ($MINIPM2_LOG_MAX_BYTES, default 10 MiB), keeping 3 old ones.</summary>
    internal long LogMaxBytes { get; }

    internal TimeSpan LogCheckInterval { get; }

    /// <summary>How long a reload waits for the new process to listen before it stops the old one anyway.</summary>
    internal static TimeSpan ReadyTimeout { get; } = TimeSpan.FromSeconds(10);

    internal void Log(string message) => log($"{DateTimeOffset.Now.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)} {message}");

    /// <summary>
    /// Runs the daemon until a <c>kill</c> request (apps stopped and forgotten) or <paramref name="cancellationToken"/>
    /// (SIGTERM: apps stopped, state kept, so the next daemon starts them again). Returns 0 at once when another daemon
    /// already holds the lock.
    /// </summary>
    public static async Task<int> RunAsync(Pm2Home home, Action<string> log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(home.Folder);
        FileStream daemonLock;
        try
        {
            // .NET takes FileShare.None as flock(LOCK_EX|LOCK_NB): two daemons racing to start cannot both win.
            daemonLock = new FileStream(home.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return 0;
        }
        var daemon = new Pm2Daemon(home, log);
        using (daemonLock)
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, daemon.shutdown.Token))
        {
            File.Delete(home.Socket); // left by a daemon that was killed
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(home.Socket));
            listener.Listen(64);
            File.WriteAllText(home.PidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            await daemon.LockedAsync(() =>
            {
                daemon.Recover();
                return Task.CompletedTask;
            });
            daemon.Log($"daemon {Environment.ProcessId} listening on {home.Socket}");
            var rotation = daemon.RotateLogsAsync(linked.Token);
            try
            {
                while (!linked.IsCancellationRequested)
                {
                    var connection = await listener.AcceptAsync(linked.Token);
                    _ = daemon.ServeAsync(connection);
                }
            }
            catch (OperationCanceledException)
            {
                // kill request or SIGTERM
            }
            listener.Dispose();
            File.Delete(home.Socket);
            await daemon.LockedAsync(daemon.StopEverythingAsync);
            await rotation.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            File.Delete(home.PidFile);
            daemon.Log($"daemon {Environment.ProcessId} stopped");
        }
        Libc.Close(daemon.DevNull);
        return 0;
    }

    internal async Task LockedAsync(Func<Task> action)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await action().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>state.json, rewritten whole and atomically: a crash at any moment leaves the previous or the new one.</summary>
    internal void Persist()
    {
        var document = new StateDocument { NextId = nextId, Processes = processes.Values.Select(static p => p.State).ToList() };
        DurableFile.Replace(Home.StateFile, JsonModel.SerializeToUtf8Bytes(document, indented: true));
    }

    /// <summary>
    /// A daemon that died (SIGKILL, OOM) left its children running and its state on disk: keep the ones still alive
    /// (same pid and same start time), start again the ones that should be online and are not.
    /// </summary>
    private void Recover()
    {
        if (!File.Exists(Home.StateFile)) return;
        StateDocument state;
        try
        {
            state = JsonModel.Deserialize<StateDocument>(File.ReadAllBytes(Home.StateFile), Home.StateFile);
        }
        catch (JsonModelException e)
        {
            var aside = Home.StateFile + ".corrupt";
            File.Move(Home.StateFile, aside, overwrite: true);
            Log($"{e.Message}; moved aside to {aside}, starting empty");
            return;
        }
        nextId = state.NextId;
        foreach (var record in state.Processes)
        {
            var managed = new ManagedProcess(this, record);
            processes[record.Id] = managed;
            nextId = Math.Max(nextId, record.Id + 1);
            if (record.Status is not (ProcessStatus.Online or ProcessStatus.Launching or ProcessStatus.Stopping)) continue;
            if (managed.TryAdopt())
            {
                Log($"{record.Spec.Name} ({record.Id}): pid {record.Pid} still running; watching it again");
                continue;
            }
            Log($"{record.Spec.Name} ({record.Id}): not running any more; starting it");
            record.Restarts++;
            try
            {
                managed.Launch();
            }
            catch (IOException e)
            {
                record.Status = ProcessStatus.Errored;
                Log($"{record.Spec.Name} ({record.Id}): {e.Message}");
            }
        }
        Persist();
    }

    private async Task StopEverythingAsync()
    {
        await Task.WhenAll(processes.Values.Select(static p => p.StopAsync())).ConfigureAwait(false);
        if (forgetOnExit)
        {
            processes.Clear();
            nextId = 0; // as PM2 after `kill`: the next app is 0 again
            Persist();
        }
    }

    private async Task RotateLogsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(LogCheckInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            await LockedAsync(() =>
            {
                foreach (var process in processes.Values)
                {
                    foreach (var file in new[] { Home.OutLog(process.Name, process.State.Id), Home.ErrLog(process.Name, process.State.Id) })
                    {
                        try
                        {
                            if (LogFiles.RotateIfLarger(file, LogMaxBytes)) Log($"rotated {file}");
                        }
                        catch (IOException e)
                        {
                            Log($"rotating {file}: {e.Message}");
                        }
                    }
                }
                return Task.CompletedTask;
            }).ConfigureAwait(false);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using (connection)
        {
            DaemonResponse response;
            try
            {
                var request = JsonModel.Deserialize<DaemonRequest>(await ReadRequestAsync(connection).ConfigureAwait(false), "request");
                response = new DaemonResponse();
                await LockedAsync(() => HandleAsync(request, response)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is JsonModelException or DaemonCommandException or EcosystemException or IOException or SocketException)
            {
                response = new DaemonResponse { Ok = false, Error = e.Message };
            }
            response.DaemonPid = Environment.ProcessId;
            var buffer = new ArrayBufferWriter<byte>();
            JsonModel.Serialize(buffer, response);
            buffer.Write("\n"u8);
            try
            {
                await connection.SendAsync(buffer.WrittenMemory, SocketFlags.None).ConfigureAwait(false);
                connection.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The CLI went away (Ctrl-C); nothing to tell.
            }
        }
    }

    private static async Task<byte[]> ReadRequestAsync(Socket connection)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var count = await connection.ReceiveAsync(chunk, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            if (count == 0) break;
            received.Write(chunk, 0, count);
            if (chunk.AsSpan(0, count).Contains((byte)'\n')) break;
            if (received.Length > 16 * 1024 * 1024) throw new DaemonCommandException("request larger than 16 MiB");
        }
        return received.ToArray();
    }

    private static long EnvironmentNumber(string name, long fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private double CpuPercent(ManagedProcess process)
    {
        var pid = process.State.Pid;
        if (pid <= 0 || ProcStats.CpuTime(pid) is not { } cpu) return 0;
        var now = Stopwatch.GetTimestamp();
        double percent;
        if (cpuSamples.TryGetValue(pid, out var previous) && Stopwatch.GetElapsedTime(previous.At, now) >= TimeSpan.FromMilliseconds(200))
        {
            percent = (cpu - previous.Cpu) / Stopwatch.GetElapsedTime(previous.At, now) * 100;
        }
        else
        {
            // First look: the average since it started.
            var lifetime = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(process.State.StartedAtUnixMs);
            percent = lifetime > TimeSpan.Zero ? cpu / lifetime * 100 : 0;
        }
        cpuSamples[pid] = (cpu, now);
        return Math.Round(Math.Max(0, percent), 1);
    }
}

/// <summary>A request the daemon refuses (unknown process, duplicate name); its message goes back to the CLI.</summary>
public sealed class DaemonCommandException(string message) : Exception(message);
