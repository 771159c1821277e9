using AotSuite.Json;

namespace AotSuite.Tools.Jobq.Dashboard;

/// <summary>The body of <c>GET /api/queues</c>: every queue's counts per state and its rates, as of <see cref="At"/>.</summary>
[JsonModel]
public sealed partial record QueuesView(DateTimeOffset At, string Store, List<QueueView> Queues);

/// <summary>One queue: jobs per state, and completed / dead-lettered jobs per minute (null until the dashboard has watched a while).</summary>
[JsonModel]
public sealed partial record QueueView(string Name, long Waiting, long Delayed, long Active, long Completed, long Dead, long Cancelled,
    double? CompletedPerMinute, double? FailedPerMinute);

/// <summary>An item of <c>GET /api/failures</c>: a dead-lettered job and the error of its last attempt.</summary>
[JsonModel]
public sealed partial record FailureView(long Id, string Queue, int Attempts, int MaxAttempts, string? Error, DateTimeOffset? FailedAt, string Payload);
