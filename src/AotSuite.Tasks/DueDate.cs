using System.Globalization;

namespace AotSuite.Tasks;

/// <summary>Due dates as people type them: 2026-12-24, today, tomorrow, +3d, +2w, or a weekday (the next one).</summary>
public static class DueDate
{
    public const string Formats = "YYYY-MM-DD, today, tomorrow, +3d, +2w or a weekday (mon..sun)";

    public static bool TryParse(string text, DateOnly today, out DateOnly date)
    {
        var value = text.Trim().ToLowerInvariant();
        date = default;
        switch (value)
        {
            case "today":
                date = today;
                return true;
            case "tomorrow":
                date = today.AddDays(1);
                return true;
        }

        if (value.Length >= 3 && value[0] == '+' && int.TryParse(value.AsSpan(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            switch (value[^1])
            {
                case 'd':
                    date = today.AddDays(count);
                    return true;
                case 'w':
                    date = today.AddDays(7 * count);
                    return true;
            }
            return false;
        }

        for (var day = DayOfWeek.Sunday; day <= DayOfWeek.Saturday; day++)
        {
            var name = day.ToString().ToLowerInvariant();
            if (value.Length >= 3 && name.StartsWith(value, StringComparison.Ordinal))
            {
                var ahead = ((int)day - (int)today.DayOfWeek + 7) % 7;
                date = today.AddDays(ahead == 0 ? 7 : ahead);
                return true;
            }
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    public static DateOnly Parse(string text, DateOnly today) =>
        TryParse(text, today, out var date) ? date : throw new FormatException($"bad date '{text}': use {Formats}");
}
