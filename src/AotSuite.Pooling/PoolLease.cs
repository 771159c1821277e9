namespace AotSuite.Pooling;

/// <summary>
/// A borrowed resource. Dispose it to give the resource back (<c>using var lease = await pool.AcquireAsync();</c>),
/// or call <see cref="Invalidate"/> when it is broken so the pool destroys it. A struct: borrowing allocates nothing.
/// </summary>
public readonly struct PoolLease<T> : IDisposable where T : class
{
    private readonly Pool<T> pool;
    private readonly PoolEntry<T> entry;
    private readonly int generation;

    internal PoolLease(Pool<T> pool, PoolEntry<T> entry, bool created = false)
    {
        this.pool = pool;
        this.entry = entry;
        generation = entry.Generation;
        Created = created;
        Serial = entry.LendSerial;
    }

    /// <summary>The n-th acquire this pool served (1-based): what tests check FIFO order with.</summary>
    internal long Serial { get; }

    /// <summary>The resource was made for this acquire (so validating it on borrow is pointless).</summary>
    internal bool Created { get; }

    /// <summary>The resource; valid until the lease is disposed.</summary>
    public T Value => entry.Value;

    /// <summary>Gives the resource back to the pool. A second call on the same lease throws.</summary>
    public void Dispose() => pool?.Return(entry, generation, destroy: false);

    /// <summary>Gives the resource back to be destroyed (it broke while borrowed).</summary>
    public void Invalidate() => pool.Return(entry, generation, destroy: true);
}
