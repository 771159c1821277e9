using System.ComponentModel;
using System.Diagnostics;

namespace AotSuite.Web;

/// <summary>
/// One log record per request, handed to an <see cref="IRequestLogWriter"/> once the rest of the pipeline is done
/// (failed requests too, with the status the app's error handling will send, as koa-logger and pino-http do). Without a
/// writer, a short text line (<c>GET /users/7 200 0.41ms</c>) on standard output; with AotSuite.Web.Logging's
/// <c>PinoRequestLog</c>, pino-http lines through AotSuite.Logging.
/// </summary>
public static class RequestLogging
{
    /// <summary>Text lines on <paramref name="output"/> (standard output by default), written by a background loop.</summary>
    public static Middleware Create(TextWriter? output = null, int queueLength = 10_000) =>
        Create(new TextRequestLogWriter(output ?? Console.Out, queueLength));

    public static Middleware Create(IRequestLogWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return new Runner(writer).InvokeAsync;
    }

    /// <summary>The middleware itself; a chain the generator composes calls it directly rather than through its delegate.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class Runner
    {
        private readonly IRequestLogWriter writer;

        internal Runner(IRequestLogWriter writer) => this.writer = writer;

        public async ValueTask InvokeAsync(WebContext context, Next next)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next();
            }
            catch (Exception e)
            {
                // The app's error handling answers outside the pipeline; log the status it will send.
                writer.Write(new RequestLogRecord(context, e is Binding.BadRequestException ? 400 : 500, Stopwatch.GetElapsedTime(started), e));
                throw;
            }
            writer.Write(new RequestLogRecord(context, context.Status, Stopwatch.GetElapsedTime(started), null));
        }
    }
}
