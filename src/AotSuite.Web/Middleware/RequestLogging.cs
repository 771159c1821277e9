using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace AotSuite.Web;

/// <summary>
/// One line per request (<c>GET /users/7 200 0.41ms</c>), written by a background loop so a slow terminal never holds a
/// request up; when the queue is full, lines are dropped and counted rather than blocking. A stand-in until the logger
/// library plugs in here.
/// </summary>
public static class RequestLogging
{
    public static Middleware Create(TextWriter? output = null, int queueLength = 10_000)
    {
        var writer = output ?? Console.Out;
        var lines = Channel.CreateBounded<string>(new BoundedChannelOptions(queueLength) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        var dropped = 0L;
        _ = Task.Run(async () =>
        {
            await foreach (var line in lines.Reader.ReadAllAsync())
            {
                await writer.WriteLineAsync(line);
                if (lines.Reader.Count == 0) await writer.FlushAsync();
            }
        });

        return async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var status = 0;
            try
            {
                await next();
                status = context.Status;
            }
            catch (Exception e)
            {
                // The app's error handling answers outside the pipeline; log the status it will send (as koa-logger does).
                status = e is Binding.BadRequestException ? 400 : 500;
                throw;
            }
            finally
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                var line = $"{DateTime.Now:HH:mm:ss.fff} {Encoding.ASCII.GetString(context.Request.MethodText)} {Encoding.UTF8.GetString(context.Request.Target)} {status} {elapsed.TotalMilliseconds:0.00}ms";
                if (!lines.Writer.TryWrite(line)) Interlocked.Increment(ref dropped);
                else if (Interlocked.Exchange(ref dropped, 0) is var lost and > 0) lines.Writer.TryWrite($"({lost} request log lines dropped: the output could not keep up)");
            }
        };
    }
}
