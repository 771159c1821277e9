using System.Text;

namespace AotSuite.Logging;

/// <summary>
/// Logging threads copy each line into a bounded buffer under a short lock; one writer thread swaps the buffer for an
/// empty one and writes the whole batch with one call, so a busy logger makes few, large writes. A writer woken from
/// an empty queue lingers up to <see cref="Linger"/> before it takes the batch: without that, a fast destination
/// (/dev/null, or a file while the page cache absorbs the writes) lets the writer go back to sleep after every few
/// lines, and each line that finds it asleep pays a futex wake-up in the logging thread (the JIT runtime's monitor
/// made that cost 100,000 context switches and half the throughput per million lines). When the buffer is at
/// capacity a caller blocks or its line is dropped and counted (<see cref="LogQueueFullMode"/>). On ProcessExit (which
/// .NET raises for SIGTERM and for a normal exit) and on Dispose the queue is drained; lines written after that go
/// straight to the destination, so none is lost while the process shuts down.
/// </summary>
internal sealed class AsyncLogSink : LogSink
{
    private const int InitialBytes = 64 << 10;

    /// <summary>How long a writer woken by a first line waits for more before writing: short enough that a line is in
    /// the destination about as soon as a person could look, long enough that a busy logger writes in batches.</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(1);

    private readonly object gate = new();
    private readonly ILogDestination destination;
    private readonly LogQueueOptions options;
    private readonly Thread writer;
    private byte[] front;
    private byte[] back;
    private int frontLength;
    private long dropped;
    private long droppedReported;
    private long batchesTaken;
    private long batchesWritten;
    private bool writerWaiting;
    private bool writerLingering;
    private bool stopping;
    private bool stopped;
    private bool disposed;
    private bool failureReported;

    public AsyncLogSink(ILogDestination destination, LogQueueOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CapacityBytes, 1024, nameof(options.CapacityBytes));
        this.destination = destination;
        this.options = options;
        front = new byte[Math.Min(InitialBytes, options.CapacityBytes)];
        back = new byte[front.Length];
        writer = new Thread(Run) { IsBackground = true, Name = "AotSuite.Logging writer" };
        writer.Start();
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
    }

    public override bool IsTerminal => destination.IsTerminal;

    public override long DroppedLines => Interlocked.Read(ref dropped);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public override void Write(ReadOnlySpan<byte> line)
    {
        lock (gate)
        {
            while (frontLength + line.Length > front.Length)
            {
                if (stopped) break;
                if (front.Length < options.CapacityBytes || frontLength == 0)
                {
                    // Grow up to the capacity; a single line larger than the capacity is taken alone.
                    var size = Math.Max(Math.Min(front.Length * 2, options.CapacityBytes), frontLength + line.Length);
                    Array.Resize(ref front, size);
                    break;
                }
                if (options.FullMode == LogQueueFullMode.Drop)
                {
                    dropped++;
                    return;
                }
                if (writerLingering) Monitor.PulseAll(gate); // the batch is as big as it gets: take it now
                Monitor.Wait(gate);
            }
            if (stopped)
            {
                // Shutting down: the writer thread is gone, write through (still under the lock, so lines stay whole).
                if (!disposed) WriteSafely(line);
                return;
            }
            line.CopyTo(front.AsSpan(frontLength));
            frontLength += line.Length;
            if (writerWaiting) Monitor.PulseAll(gate);
        }
    }

    public override void Flush()
    {
        lock (gate)
        {
            var target = batchesTaken + (frontLength > 0 ? 1 : 0);
            if (frontLength > 0) Monitor.PulseAll(gate); // waiting or lingering, the writer takes the batch now
            while (batchesWritten < target && !stopped) Monitor.Wait(gate);
            if (!disposed) destination.Flush();
        }
    }

    private void Run()
    {
        while (true)
        {
            int count;
            long droppedNow;
            lock (gate)
            {
                if (frontLength == 0 && !stopping)
                {
                    while (frontLength == 0 && !stopping)
                    {
                        writerWaiting = true;
                        Monitor.Wait(gate);
                        writerWaiting = false;
                    }
                    // Woken by a first line: let the batch fill. Loggers do not pulse a lingering writer; Flush, Stop
                    // and a full buffer do.
                    if (!stopping)
                    {
                        writerLingering = true;
                        Monitor.Wait(gate, Linger);
                        writerLingering = false;
                    }
                }
                if (frontLength == 0)
                {
                    // In the same lock as the last look at the queue: a line written after it goes straight through.
                    stopped = true;
                    Monitor.PulseAll(gate);
                    break;
                }
                (front, back) = (back, front);
                count = frontLength;
                frontLength = 0;
                batchesTaken++;
                droppedNow = dropped - droppedReported;
                droppedReported = dropped;
                Monitor.PulseAll(gate); // callers blocked on a full queue
            }

            WriteSafely(back.AsSpan(0, count));
            if (droppedNow > 0) WriteSafely(DroppedLine(droppedNow));

            lock (gate)
            {
                batchesWritten++;
                Monitor.PulseAll(gate); // Flush() callers
            }
        }
    }

    private void WriteSafely(ReadOnlySpan<byte> lines)
    {
        try
        {
            destination.Write(lines);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            // A logger must not take the process down; say so once on stderr and keep going.
            if (failureReported) return;
            failureReported = true;
            Console.Error.WriteLine($"AotSuite.Logging: error: cannot write log lines: {e.Message}");
        }
    }

    /// <summary>The warn line that reports drops, in the pino format the rest of the stream uses.</summary>
    private static byte[] DroppedLine(long count)
    {
        var time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var host = Encoding.UTF8.GetString(Writing.Utf8JsonText.EncodeString(Environment.MachineName));
        return Encoding.UTF8.GetBytes(
            $"{{\"level\":40,\"time\":{time},\"pid\":{Environment.ProcessId},\"hostname\":{host},\"msg\":\"log queue full: dropped {count} lines\",\"dropped\":{count}}}\n");
    }

    /// <summary>Drains the queue and stops the writer thread; later writes go straight to the destination.</summary>
    internal void Stop()
    {
        lock (gate)
        {
            if (stopped) return;
            stopping = true;
            Monitor.PulseAll(gate);
        }
        if (!writer.Join(options.ExitTimeout))
        {
            Console.Error.WriteLine($"AotSuite.Logging: warning: log lines still queued after {options.ExitTimeout.TotalSeconds:0} s at exit");
        }
        lock (gate)
        {
            stopped = true;
            Monitor.PulseAll(gate);
            if (!disposed) destination.Flush();
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    private void OnUnhandledException(object? sender, UnhandledExceptionEventArgs e) => Stop();

    public override void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
        Stop();
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            destination.Dispose();
        }
        base.Dispose();
    }
}
