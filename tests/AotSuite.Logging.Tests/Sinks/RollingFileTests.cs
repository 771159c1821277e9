using System.Text;

namespace AotSuite.Logging.Tests.Sinks;

public class RollingFileTests
{
    private static byte[] Lines(int from, int count, int width = 20)
    {
        var text = new StringBuilder();
        for (var i = from; i < from + count; i++) text.Append($"{{\"i\":{i}}}".PadRight(width - 1)).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private sealed class Folder : IDisposable
    {
        public DirectoryInfo Directory { get; } = System.IO.Directory.CreateTempSubdirectory("aotsuite-log-roll-");

        public string Log => Path.Combine(Directory.FullName, "app.log");

        public string[] Names() => Directory.GetFiles().Select(static f => f.Name).Order(StringComparer.Ordinal).ToArray();

        public void Dispose() => Directory.Delete(recursive: true);
    }

    [Test]
    public async Task Rotates_by_size_between_lines_never_inside_one()
    {
        using var folder = new Folder();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        using (var file = new RollingFileDestination(folder.Log, new FileSinkOptions { MaxFileBytes = 100, Daily = false, RetainedFiles = 10 }, clock))
        {
            file.Write(Lines(0, 12)); // 240 bytes: 5 lines per file
        }
        await Assert.That(folder.Names()).IsEquivalentTo(new[] { "app.2026-11-24.1.log", "app.2026-11-24.2.log", "app.log" });
        await Assert.That(File.ReadAllText(Path.Combine(folder.Directory.FullName, "app.2026-11-24.1.log"))).IsEqualTo(Encoding.UTF8.GetString(Lines(0, 5)));
        await Assert.That(File.ReadAllText(Path.Combine(folder.Directory.FullName, "app.2026-11-24.2.log"))).IsEqualTo(Encoding.UTF8.GetString(Lines(5, 5)));
        await Assert.That(File.ReadAllText(folder.Log)).IsEqualTo(Encoding.UTF8.GetString(Lines(10, 2)));
    }

    [Test]
    public async Task Puts_a_line_longer_than_the_limit_in_a_file_of_its_own()
    {
        using var folder = new Folder();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        using (var file = new RollingFileDestination(folder.Log, new FileSinkOptions { MaxFileBytes = 50, Daily = false }, clock))
        {
            file.Write(Lines(0, 1));
            file.Write(Lines(1, 1, width: 80));
            file.Write(Lines(2, 1));
        }
        await Assert.That(File.ReadAllText(Path.Combine(folder.Directory.FullName, "app.2026-11-24.2.log")).Length).IsEqualTo(80);
        await Assert.That(File.ReadAllText(folder.Log)).IsEqualTo(Encoding.UTF8.GetString(Lines(2, 1)));
    }

    [Test]
    public async Task Rotates_when_the_utc_day_changes_naming_the_file_after_its_day()
    {
        using var folder = new Folder();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 24, 23, 59, 0, TimeSpan.Zero));
        using (var file = new RollingFileDestination(folder.Log, new FileSinkOptions { MaxFileBytes = 0, Daily = true }, clock))
        {
            file.Write(Lines(0, 2));
            clock.Now = clock.Now.AddMinutes(2);
            file.Write(Lines(2, 1));
        }
        await Assert.That(folder.Names()).IsEquivalentTo(new[] { "app.2026-11-24.1.log", "app.log" });
        await Assert.That(File.ReadAllText(folder.Log)).IsEqualTo(Encoding.UTF8.GetString(Lines(2, 1)));
    }

    [Test]
    public async Task Keeps_only_the_retained_count_of_rotated_files_deleting_the_oldest()
    {
        using var folder = new Folder();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        using (var file = new RollingFileDestination(folder.Log, new FileSinkOptions { MaxFileBytes = 20, Daily = false, RetainedFiles = 2 }, clock))
        {
            for (var i = 0; i < 6; i++) file.Write(Lines(i, 1));
        }
        await Assert.That(folder.Names()).IsEquivalentTo(new[] { "app.2026-11-24.4.log", "app.2026-11-24.5.log", "app.log" });
        await Assert.That(File.ReadAllText(folder.Log)).IsEqualTo(Encoding.UTF8.GetString(Lines(5, 1)));
    }

    [Test]
    public async Task Appends_to_todays_file_and_rotates_an_older_one_on_start()
    {
        using var folder = new Folder();
        File.WriteAllText(folder.Log, "{\"old\":1}\n");
        File.SetLastWriteTimeUtc(folder.Log, new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc));
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        using (var file = new RollingFileDestination(folder.Log, new FileSinkOptions(), clock))
        {
            file.Write(Lines(0, 1));
        }
        using (var file = new RollingFileDestination(folder.Log, new FileSinkOptions(), clock))
        {
            file.Write(Lines(1, 1));
        }
        await Assert.That(folder.Names()).IsEquivalentTo(new[] { "app.2026-11-20.1.log", "app.log" });
        await Assert.That(File.ReadAllText(folder.Log)).IsEqualTo(Encoding.UTF8.GetString(Lines(0, 2)));
    }
}
