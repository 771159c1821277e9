using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace AotSuite.Http.Client.Policies;

/// <summary>When to try again and how long to wait first (got's rules: idempotent methods, a status list, Retry-After).</summary>
internal static class RetryPolicy
{
    public static bool MayRetry(FetchRequest request, FetchRetryOptions options, int retriesSoFar) =>
        retriesSoFar < options.Limit && request.IsIdempotent && request.IsReplayable;

    public static bool IsRetryableStatus(FetchRetryOptions options, int status)
    {
        foreach (var code in options.StatusCodes)
        {
            if (code == status) return true;
        }
        return false;
    }

    /// <summary>
    /// Exponential backoff with jitter: BaseDelay · 2^retry, capped at MaxDelay, plus a random part of up to the same
    /// again, so clients that failed together do not come back together.
    /// </summary>
    public static TimeSpan Backoff(FetchRetryOptions options, int retriesSoFar)
    {
        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, retriesSoFar);
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped + Random.Shared.NextDouble() * capped);
    }

    /// <summary>
    /// How long to wait before retrying after <paramref name="response"/>: its <c>Retry-After</c> (delay-seconds or an
    /// HTTP-date, RFC 9110 §10.2.3) when present, else the backoff. Null when the server asks for longer than
    /// <see cref="FetchRetryOptions.MaxRetryAfter"/>: then the response is returned rather than waited out.
    /// </summary>
    public static TimeSpan? DelayAfter(FetchResponse response, FetchRetryOptions options, int retriesSoFar, DateTimeOffset now)
    {
        if (!response.TryGetHeader("Retry-After"u8, out var value)) return Backoff(options, retriesSoFar);
        TimeSpan wait;
        value = value.Trim(" \t"u8);
        if (Utf8Parser.TryParse(value, out long seconds, out var used) && used == value.Length && seconds >= 0)
        {
            wait = TimeSpan.FromSeconds(seconds);
        }
        else if (DateTimeOffset.TryParseExact(Encoding.ASCII.GetString(value), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            wait = date > now ? date - now : TimeSpan.Zero;
        }
        else
        {
            return Backoff(options, retriesSoFar);
        }
        return wait > options.MaxRetryAfter ? null : wait;
    }
}
