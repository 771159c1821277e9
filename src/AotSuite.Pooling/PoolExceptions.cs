namespace AotSuite.Pooling;

/// <summary>An acquire that waited <see cref="PoolOptions{T}.AcquireTimeout"/> without getting a resource.</summary>
public sealed class PoolTimeoutException(string message) : TimeoutException(message);

/// <summary>An acquire on a pool that is draining or closed.</summary>
public sealed class PoolClosedException(string message) : InvalidOperationException(message);
