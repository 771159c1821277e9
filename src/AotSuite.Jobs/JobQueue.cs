using AotSuite.Json;

namespace AotSuite.Jobs;

/// <summary>The producer side: typed payloads in, written by the [JsonModel] generator's code.</summary>
public sealed class JobQueue(IJobStore store)
{
    public IJobStore Store { get; } = store;

    /// <summary>Adds one job; returns its id (the existing job's id when <see cref="JobOptions.UniqueKey"/> is taken).</summary>
    public async Task<long> EnqueueAsync<T>(string queue, T payload, JobOptions? options = null, CancellationToken cancellationToken = default)
        where T : IJsonModel<T> =>
        (await Store.EnqueueAsync([new NewJob(queue, Json(payload), options ?? Defaults)], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Adds many jobs in few statements (one per 500).</summary>
    public Task<long[]> EnqueueManyAsync<T>(string queue, IEnumerable<T> payloads, JobOptions? options = null, CancellationToken cancellationToken = default)
        where T : IJsonModel<T> =>
        Store.EnqueueAsync([.. payloads.Select(p => new NewJob(queue, Json(p), options ?? Defaults))], cancellationToken);

    /// <summary>Adds one job whose payload is already JSON text (jobq's enqueue).</summary>
    public async Task<long> EnqueueJsonAsync(string queue, string json, JobOptions? options = null, CancellationToken cancellationToken = default) =>
        (await Store.EnqueueAsync([new NewJob(queue, json, options ?? Defaults)], cancellationToken).ConfigureAwait(false))[0];

    private static readonly JobOptions Defaults = new();

    private static string Json<T>(T payload) where T : IJsonModel<T> =>
        System.Text.Encoding.UTF8.GetString(JsonModel.SerializeToUtf8Bytes(payload));
}
