using System.Diagnostics;
using AotSuite.Http.Client.Transport;

namespace AotSuite.Http.Client.Pooling;

/// <summary>
/// The connections to one origin: idle ones kept alive for reuse (most recently used first, the likeliest to be still
/// open), at most <see cref="FetchClientOptions.MaxConnectionsPerOrigin"/> open at once, and a first-come queue of
/// requests waiting for one when all are busy.
/// </summary>
internal sealed class OriginPool(Origin origin, FetchClientOptions options) : IDisposable
{
    private readonly Stack<ClientConnection> idle = new();
    private readonly Queue<Waiter> waiters = new();
    private int open;
    private bool disposed;

    public Origin Origin { get; } = origin;

    /// <summary>Connections open now, busy or idle (for tests and diagnostics).</summary>
    public int OpenConnections => Volatile.Read(ref open);

    /// <summary>An idle connection, a new one if under the limit, or the next one released.</summary>
    /// <param name="scope">Waiting for a free slot counts against the request's timeout; opening a connection, against ConnectTimeout.</param>
    public ValueTask<ClientConnection> RentAsync(RequestScope scope)
    {
        var cancellation = scope.Token;
        List<ClientConnection>? expired = null;
        ClientConnection? found = null;
        Waiter? waiter = null;
        var now = Stopwatch.GetTimestamp();
        lock (idle)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            while (idle.TryPop(out var candidate))
            {
                if (!candidate.IsExpired(now))
                {
                    found = candidate;
                    break;
                }
                (expired ??= []).Add(candidate);
                open--;
            }
            if (found is null)
            {
                if (open < options.MaxConnectionsPerOrigin) open++;
                else waiters.Enqueue(waiter = new Waiter(cancellation));
            }
        }
        if (expired is not null)
        {
            foreach (var connection in expired) connection.Dispose();
        }
        if (found is not null) return ValueTask.FromResult(found);
        return waiter is null ? ConnectNewAsync(scope) : WaitAsync(waiter, scope);
    }

    private async ValueTask<ClientConnection> WaitAsync(Waiter waiter, RequestScope scope)
    {
        // A null result is a slot, not a connection: the one released was closed, so open a new one in its place.
        var connection = await waiter.Task;
        return connection ?? await ConnectNewAsync(scope);
    }

    private async ValueTask<ClientConnection> ConnectNewAsync(RequestScope scope)
    {
        try
        {
            scope.Enter(FetchTimeoutPhase.Connect, options.ConnectTimeout);
            return await ClientConnection.ConnectAsync(this, options, scope.Token);
        }
        catch
        {
            Release(null);
            throw;
        }
    }

    /// <summary>Hands a connection back after a response: to the next waiter, to the idle stack, or closed.</summary>
    public void Return(ClientConnection connection, bool reusable)
    {
        if (!reusable)
        {
            connection.Dispose();
            Release(null);
            return;
        }
        connection.MarkIdle();
        Release(connection);
    }

    /// <summary><paramref name="connection"/> is reusable, or null when a slot was freed.</summary>
    private void Release(ClientConnection? connection)
    {
        while (true)
        {
            Waiter? next;
            lock (idle)
            {
                if (disposed || !waiters.TryDequeue(out next))
                {
                    if (connection is not null && !disposed) idle.Push(connection);
                    else open--;
                    if (connection is not null && disposed) connection.Dispose();
                    return;
                }
            }
            // A waiter whose request was cancelled refuses; try the next one.
            if (next.TrySetResult(connection)) return;
        }
    }

    /// <summary>Closes idle connections past their keep-alive (called by the client's sweep timer).</summary>
    public void CloseExpired(long now)
    {
        List<ClientConnection>? expired = null;
        lock (idle)
        {
            if (idle.Count == 0) return;
            var keep = new List<ClientConnection>(idle.Count);
            foreach (var connection in idle)
            {
                if (connection.IsExpired(now)) (expired ??= []).Add(connection);
                else keep.Add(connection);
            }
            if (expired is null) return;
            idle.Clear();
            for (var i = keep.Count - 1; i >= 0; i--) idle.Push(keep[i]);
            open -= expired.Count;
        }
        foreach (var connection in expired) connection.Dispose();
    }

    public void Dispose()
    {
        ClientConnection[] closing;
        Waiter[] waiting;
        lock (idle)
        {
            disposed = true;
            closing = [.. idle];
            idle.Clear();
            open -= closing.Length;
            waiting = [.. waiters];
            waiters.Clear();
        }
        foreach (var connection in closing) connection.Dispose();
        foreach (var waiter in waiting) waiter.TrySetException(new ObjectDisposedException(nameof(FetchClient)));
    }

    private sealed class Waiter : TaskCompletionSource<ClientConnection?>
    {
        private readonly CancellationTokenRegistration registration;

        public Waiter(CancellationToken cancellation) : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            if (cancellation.CanBeCanceled) registration = cancellation.UnsafeRegister(static (s, token) => ((Waiter)s!).TrySetCanceled(token), this);
        }

        public new bool TrySetResult(ClientConnection? connection)
        {
            registration.Dispose();
            return base.TrySetResult(connection);
        }
    }
}
