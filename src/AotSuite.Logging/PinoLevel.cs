using Microsoft.Extensions.Logging;

namespace AotSuite.Logging;

/// <summary>pino's numeric levels and names, mapped to and from <see cref="LogLevel"/> (Critical is pino's fatal).</summary>
public static class PinoLevel
{
    private static readonly int[] Numbers = [10, 20, 30, 40, 50, 60];
    private static readonly string[] Names = ["trace", "debug", "info", "warn", "error", "fatal"];

    /// <summary>10, 20, 30, 40, 50 or 60.</summary>
    public static int ToNumber(LogLevel level) => (uint)level < 6 ? Numbers[(int)level] : int.MaxValue;

    public static string ToName(LogLevel level) => (uint)level < 6 ? Names[(int)level] : "silent";

    /// <summary>The level of a pino number: exact for the six standard numbers, else the nearest standard level below it.</summary>
    public static LogLevel FromNumber(long number) => number switch
    {
        >= 60 => LogLevel.Critical,
        >= 50 => LogLevel.Error,
        >= 40 => LogLevel.Warning,
        >= 30 => LogLevel.Information,
        >= 20 => LogLevel.Debug,
        _ => LogLevel.Trace,
    };

    /// <summary>
    /// Reads a level as pino and MEL spell it: <c>trace</c>..<c>fatal</c>, <c>silent</c>, the MEL names
    /// (<c>Information</c>, <c>Warning</c>, <c>Critical</c>, <c>None</c>) or a pino number; case-insensitive.
    /// </summary>
    public static bool TryParse(string? text, out LogLevel level)
    {
        level = LogLevel.Information;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        if (long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            level = number > 60 ? LogLevel.None : FromNumber(number);
            return true;
        }
        switch (text.ToLowerInvariant())
        {
            case "trace": level = LogLevel.Trace; return true;
            case "debug": level = LogLevel.Debug; return true;
            case "info" or "information": level = LogLevel.Information; return true;
            case "warn" or "warning": level = LogLevel.Warning; return true;
            case "error": level = LogLevel.Error; return true;
            case "fatal" or "critical": level = LogLevel.Critical; return true;
            case "silent" or "none" or "off": level = LogLevel.None; return true;
            default: return false;
        }
    }
}
