using System.Diagnostics;

namespace AotSuite.Http.Client.Transport;

/// <summary>
/// One request's cancellation: the caller's token and the client's timeouts folded into one token, armed for the
/// current phase (connect, head, body) and never past the whole-request deadline. One timer per request, re-armed per
/// phase (CancelAfter reuses it), instead of a linked source per phase.
/// </summary>
internal sealed class RequestScope : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly CancellationToken caller;
    private readonly CancellationTokenRegistration callerRegistration;
    private readonly long deadline;
    private readonly TimeSpan requestTimeout;
    private FetchTimeoutPhase phase = FetchTimeoutPhase.Request;
    private TimeSpan phaseTimeout;
    private bool armed;

    public RequestScope(TimeSpan requestTimeout, CancellationToken caller)
    {
        this.caller = caller;
        this.requestTimeout = requestTimeout;
        deadline = requestTimeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(requestTimeout.TotalSeconds * Stopwatch.Frequency);
        if (caller.CanBeCanceled) callerRegistration = caller.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source);
        Enter(FetchTimeoutPhase.Request, Timeout.InfiniteTimeSpan);
    }

    public CancellationToken Token => source.Token;

    /// <summary>Arms the timer for a phase: <paramref name="timeout"/> or what is left of the request, whichever ends first.</summary>
    public void Enter(FetchTimeoutPhase next, TimeSpan timeout)
    {
        if (source.IsCancellationRequested) return;
        // Back to the whole-request deadline from the whole-request deadline: the timer already points at it.
        if (next == FetchTimeoutPhase.Request && timeout == Timeout.InfiniteTimeSpan && phase == FetchTimeoutPhase.Request && armed) return;
        armed = true;
        var left = Remaining;
        if (timeout == Timeout.InfiniteTimeSpan || (left != Timeout.InfiniteTimeSpan && left <= timeout))
        {
            phase = FetchTimeoutPhase.Request;
            phaseTimeout = requestTimeout;
            timeout = left;
        }
        else
        {
            phase = next;
            phaseTimeout = timeout;
        }
        source.CancelAfter(timeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout);
    }

    public TimeSpan Remaining => deadline == long.MaxValue
        ? Timeout.InfiniteTimeSpan
        : TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

    /// <summary>
    /// Turns a cancellation seen while waiting into what the caller should get: their own cancellation as is, or a
    /// <see cref="FetchTimeoutException"/> naming the phase and the limit. Returns null when the scope was not cancelled.
    /// </summary>
    public Exception? Explain(OperationCanceledException e, string what)
    {
        if (caller.IsCancellationRequested) return new OperationCanceledException($"{what}: cancelled by the caller", e, caller);
        if (!source.IsCancellationRequested) return null;
        var (setting, limit) = phase switch
        {
            FetchTimeoutPhase.Connect => ("ConnectTimeout", phaseTimeout),
            FetchTimeoutPhase.Headers => ("HeadersTimeout", phaseTimeout),
            _ => ("RequestTimeout", requestTimeout),
        };
        return new FetchTimeoutException($"{what}: {Describe(phase)} took longer than {setting} ({limit.TotalSeconds:0.###} s)", phase);
    }

    private static string Describe(FetchTimeoutPhase phase) => phase switch
    {
        FetchTimeoutPhase.Connect => "connecting",
        FetchTimeoutPhase.Headers => "waiting for the response head",
        _ => "the request",
    };

    /// <summary>Ends the request now (a body read the caller cancelled).</summary>
    public void Cancel()
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The request already finished.
        }
    }

    public void Dispose()
    {
        callerRegistration.Dispose();
        source.Dispose();
    }
}
