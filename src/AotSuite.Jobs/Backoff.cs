namespace AotSuite.Jobs;

/// <summary>Exponential backoff with jitter: base × 2^(attempt-1), capped at an hour, then ±20 % so retries spread out.</summary>
internal static class Backoff
{
    private static readonly TimeSpan Cap = TimeSpan.FromHours(1);

    public static TimeSpan Delay(TimeSpan baseDelay, int attempt, double random)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ms = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), Cap.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms * (0.8 + 0.4 * random));
    }
}
