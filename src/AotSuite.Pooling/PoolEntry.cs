namespace AotSuite.Pooling;

/// <summary>One resource and its bookkeeping; lives as long as the resource.</summary>
internal sealed class PoolEntry<T>(T value, long createdAt) where T : class
{
    public readonly T Value = value;
    public readonly long CreatedAt = createdAt;

    /// <summary>Bumped on every return, so a stale lease (a double dispose) is caught.</summary>
    public int Generation;
    public bool Borrowed;
    public long BorrowedAt;
    public long ReturnedAt = createdAt;
    public bool LeakReported;
    public long LendSerial;

    // Where it was acquired, from caller-info attributes: literals, so recording them allocates nothing.
    public string Member = "";
    public string File = "";
    public int Line;
}
