namespace AotSuite.Pooling;

/// <summary>
/// Acquire latency in log-linear buckets (HdrHistogram's idea, coarser): 8 sub-buckets per power of two of
/// microseconds, so a percentile is within 12.5 %. Recording is an increment into a fixed array: no allocation.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 3;
    private const int Sub = 1 << SubBits;
    private readonly long[] counts = new long[64 * Sub];
    private long total;
    private long maxTicks;

    public void Record(long elapsedTicks)
    {
        var micros = Math.Max(0, elapsedTicks / (TimeSpan.TicksPerMillisecond / 1000));
        counts[Bucket(micros)]++;
        total++;
        if (elapsedTicks > maxTicks) maxTicks = elapsedTicks;
    }

    public TimeSpan Max => TimeSpan.FromTicks(maxTicks);

    public TimeSpan Percentile(double p)
    {
        if (total == 0) return TimeSpan.Zero;
        var rank = (long)Math.Ceiling(total * p);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank) return TimeSpan.FromMicroseconds(UpperBound(i));
        }
        return Max;
    }

    private static int Bucket(long micros)
    {
        if (micros < Sub) return (int)micros;
        var exponent = 63 - (int)long.LeadingZeroCount(micros);            // micros in [2^e, 2^(e+1))
        var mantissa = (int)(micros >> (exponent - SubBits)) & (Sub - 1);
        return (exponent - SubBits + 1) * Sub + mantissa;
    }

    private static long UpperBound(int bucket)
    {
        if (bucket < Sub) return bucket;
        var exponent = bucket / Sub + SubBits - 1;
        var mantissa = bucket % Sub;
        return ((long)(Sub + mantissa + 1) << (exponent - SubBits)) - 1;
    }
}
