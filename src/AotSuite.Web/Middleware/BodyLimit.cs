namespace AotSuite.Web;

/// <summary>
/// Refuses a request whose body is larger than an app or a group accepts: 413 problem+json, and the handler never runs.
/// The server reads a body whole before the pipeline starts, within <c>HttpLimits.MaxBodyBytes</c> for every route (30 MiB
/// by default); this middleware sets a tighter bound where it is used, e.g. 16 KiB on a JSON API beside an upload route.
/// </summary>
public static class BodyLimit
{
    public static Middleware Create(long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        return (context, next) =>
        {
            var length = context.Request.Body.Length;
            if (length <= maxBytes) return next();
            context.WriteProblem(413, $"the request body is {length} bytes; this route accepts at most {maxBytes}");
            return default;
        };
    }
}
