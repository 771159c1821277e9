using System.Collections.Concurrent;

namespace AotSuite.Jobs.Stores;

/// <summary>
/// Wakes waiting workers in this process when a job is added to their queue (one pulse wakes all). A pulse is kept until
/// a wait takes it: a job added between a worker's empty claim and its wait must still wake it, or it sleeps a whole
/// poll interval with work waiting (the price is at most one extra, empty claim per pulse).
/// </summary>
internal sealed class WorkSignal
{
    private static readonly TaskCompletionSource Fired = CreateFired();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> pulses = new(StringComparer.Ordinal);

    public void Pulse(string queue)
    {
        while (true)
        {
            if (!pulses.TryGetValue(queue, out var pulse))
            {
                if (pulses.TryAdd(queue, Fired)) return;
            }
            else if (pulse == Fired || pulses.TryUpdate(queue, Fired, pulse))
            {
                pulse.TrySetResult();
                return;
            }
        }
    }

    public async Task WaitAsync(string queue, TimeSpan max, TimeProvider time, CancellationToken cancellationToken)
    {
        var pulse = pulses.GetOrAdd(queue, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (pulse == Fired)
        {
            pulses.TryRemove(KeyValuePair.Create(queue, pulse));
            return;
        }
        try
        {
            await pulse.Task.WaitAsync(max, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // no pulse within max: the caller polls anyway
        }
    }

    private static TaskCompletionSource CreateFired()
    {
        var fired = new TaskCompletionSource();
        fired.SetResult();
        return fired;
    }
}
