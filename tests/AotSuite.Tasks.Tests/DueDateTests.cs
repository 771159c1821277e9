namespace AotSuite.Tasks.Tests;

public class DueDateTests
{
    private static readonly DateOnly Tuesday = new(2026, 11, 24);

    [Test]
    [Arguments("2026-12-24", "2026-12-24")]
    [Arguments("today", "2026-11-24")]
    [Arguments("Tomorrow", "2026-11-25")]
    [Arguments("+3d", "2026-11-27")]
    [Arguments("+2w", "2026-12-08")]
    [Arguments("fri", "2026-11-27")]
    [Arguments("tuesday", "2026-12-01")]
    public async Task Parses_what_people_type(string text, string expected)
    {
        await Assert.That(DueDate.Parse(text, Tuesday)).IsEqualTo(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    [Arguments("2026-02-30")]
    [Arguments("24/12/2026")]
    [Arguments("+3y")]
    [Arguments("fr")]
    [Arguments("")]
    public async Task Rejects_anything_else_with_the_accepted_forms(string text)
    {
        var error = Assert.Throws<FormatException>(() => DueDate.Parse(text, Tuesday));
        await Assert.That(error.Message).IsEqualTo($"bad date '{text}': use {DueDate.Formats}");
    }
}
