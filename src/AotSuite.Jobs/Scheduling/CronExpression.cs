namespace AotSuite.Jobs.Scheduling;

/// <summary>
/// A five-field cron expression (minute hour day-of-month month day-of-week, UTC) with <c>*</c>, lists, ranges and
/// steps, as crontab(5) has them: <c>*/5 * * * *</c>, <c>0 9-17 * * 1-5</c>, <c>30 2 1,15 * *</c>. Day-of-month and
/// day-of-week combine with OR when both are restricted, as in Vixie cron.
/// </summary>
public sealed class CronExpression
{
    private readonly ulong minutes, hours, days, months, weekdays;
    private readonly bool daysRestricted, weekdaysRestricted;

    private CronExpression(string text, ulong minutes, ulong hours, ulong days, ulong months, ulong weekdays, bool daysRestricted, bool weekdaysRestricted)
    {
        Text = text;
        (this.minutes, this.hours, this.days, this.months, this.weekdays) = (minutes, hours, days, months, weekdays);
        (this.daysRestricted, this.weekdaysRestricted) = (daysRestricted, weekdaysRestricted);
    }

    public string Text { get; }

    public static CronExpression Parse(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5) throw new FormatException($"cron '{text}': expected 5 fields (minute hour day month weekday), found {fields.Length}");
        var weekdays = Field(text, fields[4], 0, 7, "weekday");
        if ((weekdays & (1UL << 7)) != 0) weekdays |= 1; // 7 is Sunday too
        return new CronExpression(text, Field(text, fields[0], 0, 59, "minute"), Field(text, fields[1], 0, 23, "hour"),
            Field(text, fields[2], 1, 31, "day"), Field(text, fields[3], 1, 12, "month"), weekdays, fields[2] != "*", fields[4] != "*");
    }

    /// <summary>The first matching minute strictly after <paramref name="after"/> (UTC).</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var t = new DateTimeOffset(after.UtcDateTime.Year, after.UtcDateTime.Month, after.UtcDateTime.Day, after.UtcDateTime.Hour, after.UtcDateTime.Minute, 0, TimeSpan.Zero)
            .AddMinutes(1);
        var limit = t.AddYears(5); // e.g. '0 0 31 2 *' never matches
        while (t < limit)
        {
            if (!Has(months, t.Month)) { t = new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1); continue; }
            if (!DayMatches(t)) { t = new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1); continue; }
            if (!Has(hours, t.Hour)) { t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero).AddHours(1); continue; }
            if (!Has(minutes, t.Minute)) { t = t.AddMinutes(1); continue; }
            return t;
        }
        throw new InvalidOperationException($"cron '{Text}' never fires");
    }

    private bool DayMatches(DateTimeOffset t)
    {
        var dom = Has(days, t.Day);
        var dow = Has(weekdays, (int)t.DayOfWeek);
        return daysRestricted && weekdaysRestricted ? dom || dow : dom && dow;
    }

    private static bool Has(ulong set, int value) => (set & (1UL << value)) != 0;

    private static ulong Field(string text, string field, int min, int max, string name)
    {
        ulong set = 0;
        foreach (var part in field.Split(','))
        {
            var (range, step) = part.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, out var n) && n > 0 => (r, n),
                _ => throw Bad(text, name, part),
            };
            int lo, hi;
            if (range == "*") (lo, hi) = (min, max);
            else if (range.Split('-') is [var a, var b] && int.TryParse(a, out lo) && int.TryParse(b, out hi)) { }
            else if (int.TryParse(range, out lo)) hi = step > 1 ? max : lo;
            else throw Bad(text, name, part);
            if (lo < min || hi > max || lo > hi) throw Bad(text, name, part);
            for (var v = lo; v <= hi; v += step) set |= 1UL << v;
        }
        return set;
    }

    private static FormatException Bad(string text, string name, string part) =>
        new($"cron '{text}': the {name} field has '{part}', which is not a number, range, list or step in range");
}
