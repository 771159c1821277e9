using System.Diagnostics;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Connection;

/// <summary>
/// The connection's timeouts and its server's stop: one deadline for whatever it waits on (idle, head, body), checked by
/// the server's heartbeat, plus the body's minimum data rate; and the server's graceful stop and shutdown deadline,
/// passed on by the server walking its connections (<see cref="Drain"/>, <see cref="CutOff"/>). All of them end the
/// current wait through the connection's own two sources, so a connection registers nothing on the server's tokens:
/// the linked sources and registrations that did were ~0.4 KB per connection, kept for the life of an idle WebSocket.
/// </summary>
internal sealed partial class HttpConnection
{
    // Ends a wait for a request head: a timeout, the server draining, the shutdown deadline.
    private readonly CancellationTokenSource headWaits = new();
    // Ends a body read or a flush: a timeout or the shutdown deadline (a graceful stop still answers the request in flight).
    private readonly CancellationTokenSource bodyWaits = new();
    private volatile bool expired;
    private long deadline = long.MaxValue;
    private volatile bool waitingForBody;
    // Set by the heartbeat before it cancels: why a body read ended (408), or null for an idle or head timeout.
    private HttpRejectReason? timeoutReason;

    /// <summary>Ends a body read: the shutdown deadline or a timeout (not the start of a graceful stop).</summary>
    internal CancellationToken BodyCancellation => bodyWaits.Token;

    /// <summary>The 408 reason once a body wait has timed out; null otherwise.</summary>
    internal HttpRejectReason? TimeoutReason => expired ? timeoutReason : null;

    /// <summary>
    /// Called by the server's heartbeat: ends the connection's current wait when its deadline has passed, or when a body
    /// arrives slower than the minimum data rate. One timer for all connections instead of a timer change per request
    /// (CancelAfter showed up at ~2% under wrk).
    /// </summary>
    public void CheckDeadline(long now)
    {
        if (expired) return;
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
        expired = true;
        Cancel(headWaits);
        Cancel(bodyWaits);
    }

    // Set once a request head has been read: from then on a graceful stop ends the wait for the next one at once.
    private volatile bool headRead;

    /// <summary>
    /// The server started stopping: the wait for a next request ends (the request in flight is still answered). A
    /// protocol switched to is reached through its <see cref="UpgradedConnection"/>. A connection still waiting for its
    /// first request is left waiting unless <paramref name="evenFirst"/>: its client connected before the stop and has
    /// most likely sent the request already, so the server gives it a moment before ending that wait too.
    /// </summary>
    public void Drain(bool evenFirst)
    {
        if (!evenFirst && !headRead) return;
        Cancel(headWaits);
    }

    /// <summary>The shutdown deadline passed: every wait ends and the transport goes, even under a handler still running.</summary>
    public void CutOff()
    {
        Cancel(headWaits);
        Cancel(bodyWaits);
        transportOwner.Dispose();
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection ended (or switched protocols) between the server's snapshot of its connections and this call.
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
