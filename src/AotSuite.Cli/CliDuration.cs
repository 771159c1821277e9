using System.Globalization;

namespace AotSuite.Cli;

/// <summary>Durations on the command line: <c>200ms</c>, <c>1.5s</c>, <c>2m</c>, <c>1h</c>; a bare number is seconds (nodemon's <c>--delay 2.5</c>).</summary>
public static class CliDuration
{
    public const string Formats = "e.g. 200ms, 1.5s, 2m, or seconds as a number";

    /// <exception cref="CliException">Usage error naming the option and the accepted forms.</exception>
    public static TimeSpan Parse(string option, string text)
    {
        var trimmed = text.Trim();
        var (number, scale) = trimmed switch
        {
            _ when trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (trimmed[..^2], 1.0),
            _ when trimmed.EndsWith('s') || trimmed.EndsWith('S') => (trimmed[..^1], 1000.0),
            _ when trimmed.EndsWith('m') || trimmed.EndsWith('M') => (trimmed[..^1], 60_000.0),
            _ when trimmed.EndsWith('h') || trimmed.EndsWith('H') => (trimmed[..^1], 3_600_000.0),
            _ => (trimmed, 1000.0),
        };
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value * scale <= int.MaxValue)
        {
            return TimeSpan.FromMilliseconds(value * scale);
        }
        throw CliException.Usage($"bad duration for {option}: '{text}' ({Formats})");
    }

    /// <summary>A short human form: <c>850ms</c>, <c>4.2s</c>, <c>3m 05s</c>, <c>2h 10m</c>, <c>3d 4h</c>.</summary>
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        if (span.TotalSeconds < 1) return $"{span.TotalMilliseconds:0}ms";
        if (span.TotalMinutes < 1) return span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
        if (span.TotalHours < 1) return $"{span.Minutes}m {span.Seconds:00}s";
        if (span.TotalDays < 1) return $"{span.Hours}h {span.Minutes:00}m";
        return $"{(int)span.TotalDays}d {span.Hours}h";
    }
}
