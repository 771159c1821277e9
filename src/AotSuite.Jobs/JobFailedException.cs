namespace AotSuite.Jobs;

/// <summary>Thrown by a handler to fail an attempt with exactly this message as the job's error (no exception type prefix).</summary>
public class JobFailedException(string message, Exception? inner = null) : Exception(message, inner);
