using AotSuite.Json;

namespace AotSuite.Jobs;

/// <summary>What a handler gets: the job, its payload, and a way to report progress.</summary>
public sealed class JobContext
{
    private readonly JobWorker worker;

    internal JobContext(JobWorker worker, JobRecord job)
    {
        this.worker = worker;
        Job = job;
    }

    public JobRecord Job { get; }

    public long Id => Job.Id;

    /// <summary>1 on the first run.</summary>
    public int Attempt => Job.Attempts;

    /// <summary>The payload read by the generated reader of <typeparamref name="T"/>.</summary>
    public T Payload<T>() where T : IJsonModel<T> => JsonModel.Deserialize<T>(System.Text.Encoding.UTF8.GetBytes(Job.Payload), $"job {Job.Id}");

    /// <summary>Records progress (0-100) in the store and raises <see cref="JobWorker.Progress"/>.</summary>
    public Task ReportProgressAsync(int percent, CancellationToken cancellationToken = default) => worker.ReportProgressAsync(this, percent, cancellationToken);

    internal int PendingProgress = -1;
    internal volatile bool CancelRequested;
}
