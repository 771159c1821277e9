namespace AotSuite.Tasks;

/// <summary>The store file cannot be used (corrupt, from a newer version, locked too long); it was left untouched.</summary>
public sealed class TaskStoreException(string message, Exception? inner = null) : Exception(message, inner);
