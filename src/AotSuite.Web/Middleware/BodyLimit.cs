using System.ComponentModel;
using AotSuite.Http.Parsing;

namespace AotSuite.Web;

/// <summary>
/// Refuses a request whose body is larger than an app or a group accepts: 413 problem+json, and the handler never runs.
/// A declared <c>Content-Length</c> is refused before a byte of the body is read (a client waiting on
/// <c>Expect: 100-continue</c> never sends it). The server enforces <c>HttpLimits.MaxBodyBytes</c> for every route (30 MiB
/// by default); this middleware sets a tighter bound where it is used, e.g. 16 KiB on a JSON API beside an upload route.
/// By default the server has read the body whole before the pipeline runs and its length is checked here; when it
/// streams bodies (<c>HttpServerOptions.StreamRequestBodies</c>), the body is read here, stopping one byte past the bound,
/// so the handler finds it in <c>Request.Body</c>.
/// </summary>
public static class BodyLimit
{
    public static Middleware Create(long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        return new Runner(maxBytes).InvokeAsync;
    }

    /// <summary>The middleware itself; a chain the generator composes calls it directly rather than through its delegate.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class Runner
    {
        private readonly long maxBytes;

        internal Runner(long maxBytes) => this.maxBytes = maxBytes;

        public ValueTask InvokeAsync(WebContext context, Next next)
        {
            var request = context.Request;
            if (request.ContentLength is { } declared && declared > maxBytes) return Refuse(context, declared, maxBytes);
            if (!request.IsBodyBuffered) return ReadWithinAsync(context, next, maxBytes);
            var length = request.Body.Length;
            return length <= maxBytes ? next() : Refuse(context, length, maxBytes);
        }
    }

    private static async ValueTask ReadWithinAsync(WebContext context, Next next, long maxBytes)
    {
        var reader = context.Request.BodyReader;
        reader.MaxBytes = Math.Min(reader.MaxBytes, maxBytes);
        try
        {
            await context.Request.ReadBodyAsync();
        }
        catch (HttpRejectException e) when (e.Reason == HttpRejectReason.BodyTooLarge)
        {
            // The rest of the body stays unread; the server closes the connection after this answer.
            context.WriteProblem(413, $"the request body is over {maxBytes} bytes; this route accepts at most {maxBytes}");
            return;
        }
        await next();
    }

    private static ValueTask Refuse(WebContext context, long length, long maxBytes)
    {
        context.WriteProblem(413, $"the request body is {length} bytes; this route accepts at most {maxBytes}");
        return default;
    }
}
