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
        ValueTask pending;
        try
        {
            pending = next();
        }
        catch (Exception)
        {
            headers.Add(context, failed: true);
            throw;
        }
        if (!pending.IsCompletedSuccessfully) return AwaitAsync(headers, context, pending);
        pending.GetAwaiter().GetResult(); // releases a pooled IValueTaskSource, if the ValueTask has one
        headers.Add(context, failed: false);
        return default;
    }

    /// <summary>
    /// Adds one field now, or keeps it for the error answer when the pipeline failed. A streamed answer's head has gone
    /// out already: the field cannot join it, and throwing here would cut a response that is otherwise complete.
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
            headers.Add(context, failed: true);
            throw;
        }
        headers.Add(context, failed: false);
    }
}
