namespace AotSuite.Web;

/// <summary>Response header fields a middleware adds once the rest of the pipeline has answered.</summary>
internal interface IOutboundHeaders
{
    /// <param name="failed">
    /// True when the pipeline threw: the fields then go through <see cref="WebContext.KeepHeaderOnError"/>, since the
    /// error handler clears the response before it answers.
    /// </param>
    void Add(WebContext context, bool failed);
}

/// <summary>
/// Runs the rest of the pipeline, then adds a middleware's header fields on the way out: added before <c>next()</c>, they
/// would be lost to any inner middleware or handler that clears the response to answer an error of its own.
/// </summary>
internal static class OutboundHeaders
{
    /// <summary>Without an async state machine when the rest completes synchronously (the usual case).</summary>
    public static ValueTask AfterNext<T>(T headers, WebContext context, Next next) where T : class, IOutboundHeaders
    {
        // Known to the context while the rest runs, so a streamed answer's head carries the fields too (OnHead).
        context.PushOutbound(headers);
        ValueTask pending;
        try
        {
            pending = next();
        }
        catch (Exception)
        {
            context.PopOutbound();
            headers.Add(context, failed: true);
            throw;
        }
        if (!pending.IsCompletedSuccessfully) return AwaitAsync(headers, context, pending);
        context.PopOutbound();
        pending.GetAwaiter().GetResult(); // releases a pooled IValueTaskSource, if the ValueTask has one
        headers.Add(context, failed: false);
        return default;
    }

    /// <summary>
    /// Adds one field now, or keeps it for the error answer when the pipeline failed. A streamed answer's head took the
    /// field when it went out (<see cref="WebContext.PushOutbound"/>): it is not added twice.
    /// </summary>
    public static void Add(WebContext context, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool failed)
    {
        if (failed) context.KeepHeaderOnError(name, value);
        else if (!context.Response.HasStarted) context.Response.AddHeader(name, value);
    }

    private static async ValueTask AwaitAsync<T>(T headers, WebContext context, ValueTask pending) where T : class, IOutboundHeaders
    {
        try
        {
            await pending;
        }
        catch (Exception)
        {
            context.PopOutbound();
            headers.Add(context, failed: true);
            throw;
        }
        context.PopOutbound();
        headers.Add(context, failed: false);
    }
}
