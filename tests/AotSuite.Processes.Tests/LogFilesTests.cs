using System.Text;
using AotSuite.Native;
using AotSuite.Processes.Manager;

namespace AotSuite.Processes.Tests;

public class LogFilesTests
{
    [Test]
    public async Task Tail_returns_the_last_lines_of_a_big_file()
    {
        var folder = Eventually.TempFolder();
        var path = Path.Combine(folder, "app.log");
        File.WriteAllLines(path, Enumerable.Range(1, 50_000).Select(static i => $"line {i}"));
        await Assert.That(LogFiles.Tail(path, 3)).IsEquivalentTo(["line 49998", "line 49999", "line 50000"]);
        await Assert.That(LogFiles.Tail(path, 0)).IsEmpty();
        await Assert.That(LogFiles.Tail(Path.Combine(folder, "missing.log"), 5)).IsEmpty();
        Directory.Delete(folder, true);
    }

    [Test]
    public async Task Rotation_keeps_three_old_files_and_the_writer_carries_on_at_the_start()
    {
        var folder = Eventually.TempFolder();
        var path = Path.Combine(folder, "app.log");
        var fd = LogFiles.OpenAppend(path);
        void Write(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            unsafe
            {
                fixed (byte* p = bytes) Libc.Write(fd, p, (nuint)bytes.Length);
            }
        }
        for (var round = 1; round <= 5; round++)
        {
            Write(new string((char)('a' + round), 100) + "\n");
            await Assert.That(LogFiles.RotateIfLarger(path, 50)).IsTrue();
        }
        Write("after\n");
        Libc.Close(fd);
        // O_APPEND: the writer's next line lands at the new end (offset 0), not at its old offset with a hole before it.
        await Assert.That(File.ReadAllText(path)).IsEqualTo("after\n");
        await Assert.That(File.ReadAllText(path + ".1")[0]).IsEqualTo('f');
        await Assert.That(File.ReadAllText(path + ".3")[0]).IsEqualTo('d');
        await Assert.That(File.Exists(path + ".4")).IsFalse();
        await Assert.That(LogFiles.RotateIfLarger(path, 50)).IsFalse();
        Directory.Delete(folder, true);
    }
}
