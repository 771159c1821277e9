namespace AotSuite.Tasks.Tests;

public class TaskStoreTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Starts_empty_when_the_file_does_not_exist()
    {
        using var temp = new TempStore();
        var document = temp.Store.Load();
        await Assert.That(document.Tasks).IsEmpty();
        await Assert.That(document.NextId).IsEqualTo(1);
        await Assert.That(File.Exists(temp.Store.Path)).IsFalse();
    }

    [Test]
    public async Task Adds_tasks_with_increasing_ids_and_keeps_them_across_loads()
    {
        using var temp = new TempStore();
        var first = temp.Store.Add("  Buy milk ", TaskPriority.High, new DateOnly(2026, 12, 1), ["home", "+errand", "home"], Noon);
        var second = temp.Store.Add("Call mom");
        await Assert.That(first.Id).IsEqualTo(1);
        await Assert.That(second.Id).IsEqualTo(2);
        var loaded = new TaskStore(temp.Store.Path).Load().Tasks;
        await Assert.That(loaded.Count).IsEqualTo(2);
        await Assert.That(loaded[0]).IsEqualTo(first with { Tags = loaded[0].Tags });
        await Assert.That(loaded[0].Title).IsEqualTo("Buy milk");
        await Assert.That(loaded[0].Tags).IsEquivalentTo(new[] { "home", "errand" });
    }

    [Test]
    public async Task Never_reuses_the_id_of_a_deleted_task()
    {
        using var temp = new TempStore();
        temp.Store.Add("a");
        temp.Store.Add("b");
        temp.Store.Delete(2);
        await Assert.That(temp.Store.Add("c").Id).IsEqualTo(3);
    }

    [Test]
    public async Task Completes_and_reopens_a_task()
    {
        using var temp = new TempStore();
        temp.Store.Add("a");
        var done = temp.Store.Complete(1, Noon);
        await Assert.That(done.Done).IsTrue();
        await Assert.That(done.CompletedAt).IsEqualTo(Noon);
        var again = temp.Store.Complete(1, Noon.AddHours(1));
        await Assert.That(again.CompletedAt).IsEqualTo(Noon);
        var reopened = temp.Store.Uncomplete(1);
        await Assert.That(reopened.Done).IsFalse();
        await Assert.That(reopened.CompletedAt).IsNull();
    }

    [Test]
    public async Task Edits_only_the_fields_it_is_given()
    {
        using var temp = new TempStore();
        temp.Store.Add("a", TaskPriority.Low, new DateOnly(2026, 12, 1), ["x", "y"]);
        var edited = temp.Store.Edit(1, new TaskChanges(Priority: TaskPriority.High, AddTags: ["z"], RemoveTags: ["x"]));
        await Assert.That(edited.Title).IsEqualTo("a");
        await Assert.That(edited.Priority).IsEqualTo(TaskPriority.High);
        await Assert.That(edited.Due).IsEqualTo(new DateOnly(2026, 12, 1));
        await Assert.That(edited.Tags).IsEquivalentTo(new[] { "y", "z" });
        var cleared = temp.Store.Edit(1, new TaskChanges(Title: "b", ClearDue: true));
        await Assert.That(cleared.Title).IsEqualTo("b");
        await Assert.That(cleared.Due).IsNull();
    }

    [Test]
    public async Task Clears_only_done_tasks()
    {
        using var temp = new TempStore();
        temp.Store.Add("a");
        temp.Store.Add("b");
        temp.Store.Add("c");
        temp.Store.Complete(1);
        temp.Store.Complete(3);
        await Assert.That(temp.Store.ClearDone()).IsEqualTo(2);
        await Assert.That(temp.Store.Load().Tasks.Select(t => t.Id)).IsEquivalentTo(new[] { 2 });
    }

    [Test]
    public async Task Names_an_unknown_id()
    {
        using var temp = new TempStore();
        var error = Assert.Throws<TaskNotFoundException>(() => temp.Store.Complete(7));
        await Assert.That(error.Message).IsEqualTo("no task with id 7");
    }

    [Test]
    public async Task Refuses_a_blank_title()
    {
        using var temp = new TempStore();
        await Assert.That(() => temp.Store.Add("   ")).Throws<ArgumentException>();
    }

    [Test]
    public async Task Keeps_the_previous_good_file_as_a_backup()
    {
        using var temp = new TempStore();
        temp.Store.Add("a");
        var before = await File.ReadAllBytesAsync(temp.Store.Path);
        temp.Store.Add("b");
        await Assert.That(await File.ReadAllBytesAsync(temp.Store.BackupPath)).IsEquivalentTo(before);
    }

    [Test]
    public async Task Reports_a_corrupt_file_with_its_place_and_backup_and_leaves_it_untouched()
    {
        using var temp = new TempStore();
        temp.Store.Add("a");
        temp.Store.Add("b");
        var corrupt = "{\n  \"version\": 1,\n  \"nextId\": 3,\n  \"tasks\": [ { \"id\": 1, \"title\": \"a\", \"done\": \"yes\" } ]\n}"u8.ToArray();
        await File.WriteAllBytesAsync(temp.Store.Path, corrupt);
        var error = Assert.Throws<TaskStoreException>(() => temp.Store.Add("c"));
        await Assert.That(error.Message).IsEqualTo(
            $"{temp.Store.Path}:4:47: expected true or false, found the string \"yes\" (at $.tasks[0].done); the file was left untouched; the previous good copy is {temp.Store.BackupPath}");
        await Assert.That(await File.ReadAllBytesAsync(temp.Store.Path)).IsEquivalentTo(corrupt);
    }

    [Test]
    public async Task Refuses_a_file_from_a_newer_format()
    {
        using var temp = new TempStore();
        await File.WriteAllTextAsync(temp.Store.Path, """{"version":2,"nextId":1,"tasks":[]}""");
        var error = Assert.Throws<TaskStoreException>(() => temp.Store.Load());
        await Assert.That(error.Message).Contains("written by a newer version (format 2");
    }

    [Test]
    public async Task Loses_no_update_when_many_writers_add_at_once()
    {
        using var temp = new TempStore();
        // Separate store objects, as separate processes would have; the lock is the OS's, not an object's.
        await Task.WhenAll(Enumerable.Range(1, 40).Select(i => Task.Run(() => new TaskStore(temp.Store.Path).Add($"task {i}"))));
        var tasks = temp.Store.Load().Tasks;
        await Assert.That(tasks.Select(t => t.Id).Order()).IsEquivalentTo(Enumerable.Range(1, 40));
        await Assert.That(tasks.Select(t => t.Title).Distinct().Count()).IsEqualTo(40);
    }

    [Test]
    public async Task Finds_the_default_path_from_TASK_FILE_then_XDG_DATA_HOME_then_HOME()
    {
        await Assert.That(TaskStore.DefaultPath(k => k == "TASK_FILE" ? "/x/t.json" : null)).IsEqualTo("/x/t.json");
        await Assert.That(TaskStore.DefaultPath(k => k == "XDG_DATA_HOME" ? "/data" : null)).IsEqualTo("/data/aotsuite/tasks.json");
        await Assert.That(TaskStore.DefaultPath(k => k == "HOME" ? "/home/u" : null)).IsEqualTo("/home/u/.local/share/aotsuite/tasks.json");
    }
}
