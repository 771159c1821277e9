using System.Text;
using System.Threading.Channels;

namespace AotSuite.Web;

/// <summary>
/// The built-in request log: <c>12:00:01.234 GET /users/7 200 0.41ms</c>, written by a background loop so a slow
/// terminal never holds a request up; when the queue is full, lines are dropped and counted rather than blocking.
/// </summary>
internal sealed class TextRequestLogWriter : IRequestLogWriter
{
    private readonly Channel<string> lines;
    private long dropped;

    public TextRequestLogWriter(TextWriter output, int queueLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueLength, 1);
        lines = Channel.CreateBounded<string>(new BoundedChannelOptions(queueLength) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        _ = Task.Run(async () =>
        {
            await foreach (var line in lines.Reader.ReadAllAsync())
            {
                await output.WriteLineAsync(line);
                if (lines.Reader.Count == 0) await output.FlushAsync();
            }
        });
    }

    public void Write(RequestLogRecord record)
    {
        var line = $"{DateTime.Now:HH:mm:ss.fff} {Encoding.ASCII.GetString(record.Method)} {Encoding.UTF8.GetString(record.Target)} {record.StatusCode} {record.Elapsed.TotalMilliseconds:0.00}ms";
        if (!lines.Writer.TryWrite(line)) Interlocked.Increment(ref dropped);
        else if (Interlocked.Exchange(ref dropped, 0) is var lost and > 0) lines.Writer.TryWrite($"({lost} request log lines dropped: the output could not keep up)");
    }
}
