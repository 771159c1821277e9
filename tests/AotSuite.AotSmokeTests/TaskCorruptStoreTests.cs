using System.Text;

namespace AotSuite.AotSmokeTests;

/// <summary>A store that does not parse: every command refuses it with file:line:col, and nothing rewrites it.</summary>
public class TaskCorruptStoreTests
{
    private const string Good = """
        {"version":1,"nextId":2,"tasks":[
          {"id":1,"title":"A","done":false,"priority":"medium","due":null,"tags":[],"createdAt":"2026-01-01T00:00:00+00:00","completedAt":null}]}
        """;

    public static IEnumerable<Func<(string Name, byte[] Content)>> CorruptStores()
    {
        yield return () => ("truncated JSON", Encoding.UTF8.GetBytes(Good[..(Good.Length / 2)]));
        yield return () => ("a wrong type", Encoding.UTF8.GetBytes(Good.Replace("\"done\":false", "\"done\":\"yes\"", StringComparison.Ordinal)));
        yield return () => ("garbage bytes", [0x00, 0xFF, 0xFE, 0x13, 0x37, (byte)'g', (byte)'a', (byte)'r', (byte)'b', 0x80, 0x0A, 0xC3]);
    }

    [Test]
    [MethodDataSource(nameof(CorruptStores))]
    [DisplayName("A store with $name is refused by list and add, and its bytes stay as they were")]
    public async Task Refuses_a_corrupt_store_and_leaves_its_bytes_unchanged(string name, byte[] content)
    {
        using var task = new TaskSandbox();
        await File.WriteAllBytesAsync(task.StorePath, content);

        foreach (var command in new[] { new[] { "list" }, ["add", "Must", "not", "write"], ["complete", "1"], ["stats"] })
        {
            var result = await task.RunAsync(command);
            var because = $"{name}, task {string.Join(' ', command)}: {result}";
            await Assert.That(result.ExitCode).IsEqualTo(1).Because(because);
            await Assert.That(result.Stdout).IsEmpty().Because(because);
            await Assert.That(result.StderrLines.Length).IsEqualTo(1).Because(because);
            var line = result.StderrLines[0];
            await Assert.That(line).Matches($@"^task: error: {System.Text.RegularExpressions.Regex.Escape(task.StorePath)}:\d+:\d+: ").Because(because);
            await Assert.That(line).Contains("the file was left untouched").Because(because);
            await Assert.That(line).DoesNotContain(".bak").Because("there is no backup to name");
            await Assert.That((await File.ReadAllBytesAsync(task.StorePath)).SequenceEqual(content)).IsTrue().Because(because);
        }
        await Assert.That(File.Exists(task.BackupPath)).IsFalse().Because("a refused store is not copied over the backup");
        await Assert.That(Directory.GetFiles(task.Home, "tasks.json.tmp-*")).IsEmpty();
    }

    [Test]
    public async Task Names_the_line_column_and_json_path_of_a_value_with_the_wrong_type()
    {
        using var task = new TaskSandbox();
        await File.WriteAllTextAsync(task.StorePath, Good.Replace("\"done\":false", "\"done\":\"yes\"", StringComparison.Ordinal));
        var result = await task.RunAsync("list");
        await Assert.That(result.ExitCode).IsEqualTo(1);
        // Line 2, column 30 is where the string "yes" starts.
        await Assert.That(result.Stderr).StartsWith($"task: error: {task.StorePath}:2:30: ");
        await Assert.That(result.Stderr).Contains("$.tasks[0].done");
    }

    [Test]
    public async Task Names_the_position_where_truncated_json_ends()
    {
        using var task = new TaskSandbox();
        await File.WriteAllTextAsync(task.StorePath, "{\"version\":1,\n\"nextId\":2,\n\"tasks\":[");
        var result = await task.RunAsync("list");
        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.Stderr).Matches($@"^task: error: {System.Text.RegularExpressions.Regex.Escape(task.StorePath)}:3:\d+: ");
    }

    [Test]
    public async Task Names_the_backup_when_one_exists()
    {
        using var task = new TaskSandbox();
        await task.MustRunAsync("add", "First");
        await task.MustRunAsync("add", "Second");   // the second write keeps the first as tasks.json.bak
        var corrupt = "{\"version\":1,\"nextId\":3,\"tasks\":[{\"id\":1,"u8.ToArray();
        await File.WriteAllBytesAsync(task.StorePath, corrupt);
        var backup = await File.ReadAllBytesAsync(task.BackupPath);

        var result = await task.RunAsync("add", "Third");
        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.Stdout).IsEmpty();
        await Assert.That(result.Stderr).EndsWith($"the file was left untouched; the previous good copy is {task.BackupPath}\n");
        await Assert.That((await File.ReadAllBytesAsync(task.StorePath)).SequenceEqual(corrupt)).IsTrue();
        await Assert.That((await File.ReadAllBytesAsync(task.BackupPath)).SequenceEqual(backup)).IsTrue().Because("the good copy must survive");
        await Assert.That(TaskStoreJson.ShapeProblem(backup, out var backedUp)).IsNull();
        await Assert.That(backedUp).IsEqualTo(1);
    }

    [Test]
    public async Task Refuses_a_store_from_a_newer_format_version_without_rewriting_it()
    {
        using var task = new TaskSandbox();
        var newer = Encoding.UTF8.GetBytes(Good.Replace("\"version\":1", "\"version\":2", StringComparison.Ordinal));
        await File.WriteAllBytesAsync(task.StorePath, newer);
        var result = await task.RunAsync("add", "X");
        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.Stderr).StartsWith($"task: error: {task.StorePath}: ");
        await Assert.That(result.Stderr).Contains("newer version");
        await Assert.That((await File.ReadAllBytesAsync(task.StorePath)).SequenceEqual(newer)).IsTrue();
    }
}
