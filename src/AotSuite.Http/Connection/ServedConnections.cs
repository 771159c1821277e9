namespace AotSuite.Http.Connection;

/// <summary>
/// A server's live connections: how many (against <see cref="HttpServerOptions.MaxConnections"/>, and to know when the
/// last has ended at a stop) and which (for the heartbeat and the stop's walks). A connection is counted from its
/// accept to its end, across a protocol switch; it is in the set as whichever object serves it at the time.
/// </summary>
internal sealed class ServedConnections(int maxConnections)
{
    private readonly HashSet<IServedConnection> live = [];
    private readonly TaskCompletionSource allEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int active;
    // Set once no accept can admit another connection: only then does the count reaching 0 mean every connection ended
    // (during the stop's last accepts it can touch 0 and rise again).
    private int acceptingEnded;

    /// <summary>Counts a new connection, unless that would pass the limit; a counted connection must end with <see cref="Ended"/>.</summary>
    public bool Admit()
    {
        if (Interlocked.Increment(ref active) <= maxConnections) return true;
        Interlocked.Decrement(ref active);
        return false;
    }

    /// <summary>
    /// A counted connection is over. A count rather than a set of tasks with a continuation each: those were ~0.3 KB per
    /// connection, for as long as it lives.
    /// </summary>
    public void Ended()
    {
        if (Interlocked.Decrement(ref active) == 0 && Volatile.Read(ref acceptingEnded) == 1) allEnded.TrySetResult();
    }

    /// <summary>No connection is admitted any more: completes when every counted one has ended.</summary>
    public Task AllEndedAsync()
    {
        // A full fence (as the connections' decrement is): either the last connection to end sees the flag, or this sees 0.
        Interlocked.Exchange(ref acceptingEnded, 1);
        return Volatile.Read(ref active) == 0 ? Task.CompletedTask : allEnded.Task;
    }

    public void Add(IServedConnection connection)
    {
        lock (live) live.Add(connection);
    }

    public void Remove(IServedConnection connection)
    {
        lock (live) live.Remove(connection);
    }

    /// <summary>The live connections now (the caller acts on them outside the lock: a connection that ends takes it to leave).</summary>
    public void CopyTo(List<IServedConnection> into)
    {
        lock (live) into.AddRange(live);
    }
}
