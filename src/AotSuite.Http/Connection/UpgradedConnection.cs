using System.IO.Pipelines;
using System.Net.Sockets;

namespace AotSuite.Http.Connection;

/// <summary>
/// A connection after its switch to another protocol (WebSocket): the transport and the server's reach (stop, cut-off).
/// The HTTP connection, its body reader, timeouts and async frames are gone by then, and the upgrade request's context
/// lives only as long as the protocol keeps it: thousands of idle WebSockets is the normal case, and each carries only
/// this, its protocol's own state, and a continuation here.
/// </summary>
internal sealed class UpgradedConnection(IDuplexPipe transport, IDisposable transportOwner, ServedConnections? host)
    : IServedConnection
{
    // The protocol while it runs, until its completion calls Ended.
    private ValueTask running;

    /// <summary>Runs <paramref name="upgrade"/> until it returns, then closes the connection and counts it ended.</summary>
    public void Start(HttpUpgrade upgrade, CancellationToken draining)
    {
        host?.Add(this);
        try
        {
            // A stop that began during the switch: the server's walk may have passed before this joined its set.
            if (draining.IsCancellationRequested) Drain(evenFirst: true);
            running = upgrade(transport, draining);
        }
        catch (Exception e)
        {
            running = ValueTask.FromException(e);
        }
        // A continuation rather than an async frame awaiting the protocol (64 bytes instead of 136 per idle connection);
        // nor is the delegate that started it (with its closure) kept.
        if (running.IsCompleted) Ended();
        else running.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(Ended);
    }

    private void Ended() => _ = EndAsync();

    private async Task EndAsync()
    {
        try
        {
            await running;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client left or the server is stopping: nothing to answer.
        }
        finally
        {
            running = default;
            host?.Remove(this);
            try
            {
                await HttpConnection.CompleteAsync(transport);
            }
            finally
            {
                transportOwner.Dispose();
                host?.Ended();
            }
        }
    }

    /// <summary>No deadline after the switch: the protocol keeps its own (a WebSocket's heartbeat, its close timeout).</summary>
    public void CheckDeadline(long now)
    {
    }

    /// <summary>
    /// The stop arrives as a cancelled read (see <see cref="HttpUpgrade"/>): the protocol's pending or next read returns
    /// <c>IsCanceled</c>, rather than through a registration on the server's token, which every idle connection would carry.
    /// </summary>
    public void Drain(bool evenFirst)
    {
        try
        {
            transport.Input.CancelPendingRead();
        }
        catch (ObjectDisposedException)
        {
            // The upgraded protocol has ended and its reader with it.
        }
    }

    public void CutOff() => transportOwner.Dispose();
}
