using System.Globalization;
using AotSuite.Cli;

namespace AotSuite.Tools.Jobq;

/// <summary>Durations on the command line: 250ms, 5s, 2m, 1h, 1d; a bare number is seconds.</summary>
internal static class Durations
{
    public static TimeSpan Parse(string option, string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : text.EndsWith('m') ? (text[..^1], 60_000.0)
            : text.EndsWith('h') ? (text[..^1], 3_600_000.0)
            : text.EndsWith('d') ? (text[..^1], 86_400_000.0)
            : (text, 1000.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw CliException.Usage($"--{option} '{text}' is not a duration (e.g. 500ms, 5s, 2m, 1h)");
        }
        return TimeSpan.FromMilliseconds(value * unit);
    }
}
