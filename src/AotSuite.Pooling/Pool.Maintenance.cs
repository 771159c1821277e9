namespace AotSuite.Pooling;

public sealed partial class Pool<T>
{
    // One loop per pool, on the pool's clock: idle eviction, max lifetime, idle validation, leak reports, MinSize.
    private async Task MaintainAsync()
    {
        await Task.Yield();
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(options.MaintenanceInterval, time, stopping.Token).ConfigureAwait(false);
            await MaintainOnceAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One maintenance pass; tests with a fake clock call it directly.</summary>
    internal async Task MaintainOnceAsync()
    {
        List<PoolLeak>? found = null;
        List<PoolLease<T>>? toValidate = null;
        int starts;
        lock (gate)
        {
            var now = time.GetTimestamp();
            // The bottom of the idle stack has waited longest; evict from there while above MinSize.
            for (var i = 0; i < idle.Count;)
            {
                var entry = idle[i];
                var idleTooLong = options.IdleTimeout > TimeSpan.Zero && size > options.MinSize
                    && time.GetElapsedTime(entry.ReturnedAt, now) >= options.IdleTimeout;
                if (idleTooLong || Expired(entry, now))
                {
                    idle.RemoveAt(i);
                    Retire(entry);
                }
                else i++;
            }

            if (options.LeakThreshold > TimeSpan.Zero)
            {
                foreach (var entry in all)
                {
                    if (!entry.Borrowed || entry.LeakReported) continue;
                    var held = time.GetElapsedTime(entry.BorrowedAt, now);
                    if (held < options.LeakThreshold) continue;
                    entry.LeakReported = true;
                    leaks++;
                    (found ??= []).Add(new PoolLeak(options.Name, held, entry.Member, entry.File, entry.Line));
                }
            }

            if (options.ValidateWhileIdle && waiters.Count == 0)
            {
                // Checked resources are lent to the loop, so nobody else gets one mid-check.
                while (idle.Count > 0)
                {
                    var entry = idle[^1];
                    idle.RemoveAt(idle.Count - 1);
                    Lend(entry, now, now, "pool maintenance", "", 0);
                    acquired--;
                    (toValidate ??= []).Add(new PoolLease<T>(this, entry));
                }
            }
            starts = Pump();
        }
        StartCreates(starts);

        if (found is not null)
        {
            foreach (var leak in found)
            {
                if (options.OnLeak is { } report) report(leak);
                else Console.Error.WriteLine(leak.ToString());
            }
        }

        if (toValidate is not null)
        {
            foreach (var lease in toValidate)
            {
                bool valid;
                try
                {
                    valid = await options.Validate!(lease.Value, stopping.Token).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    valid = false;
                }
                if (valid) lease.Dispose();
                else lease.Invalidate();
            }
        }
    }
}
