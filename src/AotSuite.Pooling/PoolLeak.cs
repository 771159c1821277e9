namespace AotSuite.Pooling;

/// <summary>A resource borrowed for longer than <see cref="PoolOptions{T}.LeakThreshold"/>, and where it was acquired.</summary>
public sealed record PoolLeak(string Pool, TimeSpan HeldFor, string Member, string File, int Line)
{
    public override string ToString() =>
        $"{Pool}: a resource has been borrowed for {HeldFor.TotalMilliseconds:0} ms without being returned; acquired in {Member} at {File}:{Line}";
}
