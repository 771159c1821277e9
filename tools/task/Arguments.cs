using AotSuite.Cli;
using AotSuite.Tasks;

namespace AotSuite.Tools.Task;

/// <summary>Parses the values ConsoleAppFramework hands over as text, with usage errors (exit 2) that say what is accepted.</summary>
internal static class Arguments
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    public static DateOnly? Due(string? text) =>
        text is null ? null : DueDate.TryParse(text, Today, out var date) ? date : throw CliException.Usage($"bad due date '{text}' (expected {DueDate.Formats})");

    public static TaskPriority? Priority(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "low" or "l" => TaskPriority.Low,
        "medium" or "med" or "m" => TaskPriority.Medium,
        "high" or "h" => TaskPriority.High,
        _ => throw CliException.Usage($"bad priority '{text}' (expected low, medium or high)"),
    };

    /// <summary>Ids come in as text so that a typo gets our message rather than the parser's.</summary>
    public static int Id(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw CliException.Usage($"bad task id '{text}' (expected a positive number; 'task list' shows the ids)");

    public static string Title(string[] words)
    {
        var title = string.Join(' ', words).Trim();
        return title.Length > 0 ? title : throw CliException.Usage("missing task title (task add \"Buy milk\")");
    }

    /// <summary>Whole seconds: the stored timestamps read the same as a person would write them.</summary>
    public static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }
}
