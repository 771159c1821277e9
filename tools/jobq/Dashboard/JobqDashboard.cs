using AotSuite.Jobs;
using AotSuite.Jobs.Monitoring;

namespace AotSuite.Tools.Jobq.Dashboard;

/// <summary>What the dashboard's endpoints answer, read from the store on each request (the page polls).</summary>
internal sealed class JobqDashboard(IJobStore store, string storeName)
{
    private const int MaxPayload = 200;
    private readonly QueueRates rates = new();

    public async Task<QueuesView> QueuesAsync()
    {
        var counts = await store.CountsAsync();
        var perMinute = rates.Add(counts);
        var queues = counts.GroupBy(c => c.Queue).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            long Of(JobState state) => g.Where(c => c.State == state).Sum(c => c.Count);
            var rate = perMinute[g.Key];
            return new QueueView(g.Key, Of(JobState.Waiting), Of(JobState.Delayed), Of(JobState.Active), Of(JobState.Completed), Of(JobState.Dead),
                Of(JobState.Cancelled), Round(rate.CompletedPerMinute), Round(rate.FailedPerMinute));
        }).ToList();
        return new QueuesView(DateTimeOffset.UtcNow, storeName, queues);
    }

    public async Task<List<FailureView>> FailuresAsync(string? queue, int limit)
    {
        var jobs = await store.ListAsync(JobState.Dead, queue, Math.Clamp(limit, 1, 500));
        return [.. jobs.Select(j => new FailureView(j.Id, j.Queue, j.Attempts, j.MaxAttempts, j.LastError, j.FinishedAt,
            j.Payload.Length <= MaxPayload ? j.Payload : j.Payload[..(MaxPayload - 1)] + "…"))];
    }

    /// <summary>Puts a dead or cancelled job back in its queue: 204, 404 for an unknown id, 409 for a job in another state.</summary>
    public async Task<AotSuite.Web.IResult> RetryAsync(long id)
    {
        if (await store.RetryAsync(id)) return AotSuite.Web.Results.NoContent();
        var job = await store.GetAsync(id);
        return job is null
            ? AotSuite.Web.Results.Problem(404, $"no job {id}")
            : AotSuite.Web.Results.Problem(409, $"job {id} is {JobStateNames.Name(job.State)}; only dead or cancelled jobs can be retried");
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}
