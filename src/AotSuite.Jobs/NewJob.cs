namespace AotSuite.Jobs;

/// <summary>A job on its way into a store: the queue, the JSON payload and its options, with times resolved.</summary>
public sealed record NewJob(string Queue, string Payload, JobOptions Options);
