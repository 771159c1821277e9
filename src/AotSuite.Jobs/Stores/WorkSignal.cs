using System.Collections.Concurrent;

namespace AotSuite.Jobs.Stores;

/// <summary>Wakes waiting workers in this process when a job is added to their queue (one pulse wakes all).</summary>
internal sealed class WorkSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> pulses = new(StringComparer.Ordinal);

    public void Pulse(string queue)
    {
        if (pulses.TryRemove(queue, out var pulse)) pulse.TrySetResult();
    }

    public async Task WaitAsync(string queue, TimeSpan max, TimeProvider time, CancellationToken cancellationToken)
    {
        var pulse = pulses.GetOrAdd(queue, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await pulse.Task.WaitAsync(max, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // no pulse within max: the caller polls anyway
        }
    }
}
