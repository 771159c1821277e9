using System.Diagnostics;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Connection;

/// <summary>
/// The connection's timeouts: one deadline for whatever it waits on (idle, head, body), checked by the server's
/// heartbeat, plus the body's minimum data rate. Both end the current wait through <see cref="timeout"/>.
/// </summary>
internal sealed partial class HttpConnection
{
    private readonly CancellationTokenSource timeout = new();
    private long deadline = long.MaxValue;
    private volatile bool waitingForBody;
    // Set by the heartbeat before it cancels: why a body read ended (408), or null for an idle or head timeout.
    private HttpRejectReason? timeoutReason;

    /// <summary>Ends a body read: the shutdown deadline or a timeout (not the start of a graceful stop).</summary>
    internal CancellationToken BodyCancellation { get; private set; }

    /// <summary>The 408 reason once a body wait has timed out; null otherwise.</summary>
    internal HttpRejectReason? TimeoutReason => timeout.IsCancellationRequested ? timeoutReason : null;

    /// <summary>
    /// Called by the server's heartbeat: ends the connection's current wait when its deadline has passed, or when a body
    /// arrives slower than the minimum data rate. One timer for all connections instead of a timer change per request
    /// (CancelAfter showed up at ~2% under wrk).
    /// </summary>
    public void CheckDeadline(long now)
    {
        if (timeout.IsCancellationRequested) return;
        if (now > Volatile.Read(ref deadline))
        {
            Expire(waitingForBody ? HttpRejectReason.RequestBodyTimeout : null);
        }
        else if (options.MinBodyDataRate is { } rate && body.IsTooSlow(now, rate))
        {
            Expire(HttpRejectReason.RequestBodyTooSlow);
        }
    }

    private void Expire(HttpRejectReason? reason)
    {
        timeoutReason = reason;
        try
        {
            timeout.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection ended between the heartbeat's snapshot and this call.
        }
    }

    internal void BodyWaitStarted()
    {
        WaitAtMost(options.BodyTimeout);
        waitingForBody = true;
    }

    internal void BodyWaitEnded()
    {
        waitingForBody = false;
        NoDeadline();
    }

    private void WaitAtMost(TimeSpan limit) =>
        Volatile.Write(ref deadline, Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency));

    private void NoDeadline() => Volatile.Write(ref deadline, long.MaxValue);
}
