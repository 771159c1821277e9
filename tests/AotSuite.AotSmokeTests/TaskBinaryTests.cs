using System.Globalization;
using System.Text.Json;

namespace AotSuite.AotSmokeTests;

/// <summary>The published <c>task</c> binary, every command end to end against a store in a temp folder.</summary>
public class TaskBinaryTests
{
    private const string Escape = "\e[";

    [Test]
    public async Task Adds_a_task_with_priority_due_date_and_tags()
    {
        using var task = new TaskSandbox();
        var result = await task.RunAsync("add", "Buy", "oat", "milk", "-P", "high", "-d", "2030-05-01", "-t", "home,errand");
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.Stdout).IsEqualTo("✓ Added task 1: Buy oat milk\n");
        await Assert.That(result.Stderr).IsEmpty();

        var added = (await task.ListJsonAsync())[0];
        await Assert.That(added.GetProperty("id").GetInt32()).IsEqualTo(1);
        await Assert.That(added.GetProperty("title").GetString()).IsEqualTo("Buy oat milk");
        await Assert.That(added.GetProperty("priority").GetString()).IsEqualTo("high");
        await Assert.That(added.GetProperty("due").GetString()).IsEqualTo("2030-05-01");
        await Assert.That(Strings(added.GetProperty("tags"))).IsEqualTo("home,errand");
        await Assert.That(added.GetProperty("done").GetBoolean()).IsFalse();
    }

    [Test]
    public async Task Takes_options_written_after_the_title_words()
    {
        using var task = new TaskSandbox();
        await task.MustRunAsync("add", "Call", "mum", "--priority", "low", "--tag", "family");
        var added = (await task.ListJsonAsync())[0];
        await Assert.That(added.GetProperty("title").GetString()).IsEqualTo("Call mum");
        await Assert.That(added.GetProperty("priority").GetString()).IsEqualTo("low");
        await Assert.That(Strings(added.GetProperty("tags"))).IsEqualTo("family");
    }

    [Test]
    [Arguments("today", 0)]
    [Arguments("tomorrow", 1)]
    [Arguments("+3d", 3)]
    [Arguments("+2w", 14)]
    [DisplayName("Resolves the due date '$due' to today plus $days days")]
    public async Task Resolves_relative_due_dates_against_today(string due, int days)
    {
        using var task = new TaskSandbox();
        var before = DateOnly.FromDateTime(DateTime.Now);
        await task.MustRunAsync("add", "Dated", "-d", due);
        var after = DateOnly.FromDateTime(DateTime.Now);
        var stored = DateOnly.ParseExact((await task.ListJsonAsync())[0].GetProperty("due").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        // The run may straddle midnight; either day is right then.
        await Assert.That(stored == before.AddDays(days) || stored == after.AddDays(days)).IsTrue().Because($"stored {stored}, today {before}");
    }

    [Test]
    public async Task Resolves_a_weekday_to_its_next_occurrence_within_a_week()
    {
        using var task = new TaskSandbox();
        var today = DateOnly.FromDateTime(DateTime.Now);
        await task.MustRunAsync("add", "Weekly", "-d", "friday");
        var stored = DateOnly.ParseExact((await task.ListJsonAsync())[0].GetProperty("due").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Assert.That(stored.DayOfWeek).IsEqualTo(DayOfWeek.Friday);
        await Assert.That(stored.DayNumber - today.DayNumber).IsBetween(0, 7);
    }

    [Test]
    public async Task Add_with_json_prints_the_new_task_as_json()
    {
        using var task = new TaskSandbox();
        var result = await task.MustRunAsync("add", "Scripted", "--json", "-t", "ci");
        using var json = JsonDocument.Parse(result.Stdout);
        await Assert.That(json.RootElement.GetProperty("id").GetInt32()).IsEqualTo(1);
        await Assert.That(json.RootElement.GetProperty("title").GetString()).IsEqualTo("Scripted");
        await Assert.That(json.RootElement.GetProperty("priority").GetString()).IsEqualTo("medium");
        await Assert.That(Strings(json.RootElement.GetProperty("tags"))).IsEqualTo("ci");
    }

    [Test]
    public async Task Lists_tasks_as_a_table_followed_by_a_summary_line()
    {
        using var task = new TaskSandbox();
        await task.MustRunAsync("add", "First");
        await task.MustRunAsync("add", "Second", "-P", "high", "-d", "2030-01-02", "-t", "a,b");
        await task.MustRunAsync("complete", "1");

        var result = await task.MustRunAsync("list");
        var lines = result.Stdout.Split('\n');
        await Assert.That(lines[0]).StartsWith("ID  S  PRI");
        await Assert.That(lines[0]).Contains("TITLE");
        // Pending first, so task 2 comes before the done task 1.
        await Assert.That(lines[1]).Contains("Second");
        await Assert.That(lines[1]).Contains("2030-01-02");
        await Assert.That(lines[1]).Contains("a,b");
        await Assert.That(lines[2]).Contains("✓");
        await Assert.That(lines[2]).Contains("First");
        await Assert.That(lines[3]).IsEmpty();
        await Assert.That(lines[4]).IsEqualTo("2 tasks, 1 done, 1 pending");
    }

    [Test]
    public async Task Lists_No_tasks_for_an_empty_store()
    {
        using var task = new TaskSandbox();
        var result = await task.MustRunAsync("list");
        await Assert.That(result.Stdout).IsEqualTo("No tasks.\n");
        await Assert.That(File.Exists(task.StorePath)).IsFalse().Because("reading must not create the store");
    }

    [Test]
    [Arguments("list --pending", "2,3")]
    [Arguments("ls -p", "2,3")]
    [Arguments("list --done", "1")]
    [Arguments("list -t work", "1,3")]
    [Arguments("list --tag home", "2")]
    [Arguments("list -P high", "3")]
    [Arguments("list --priority low", "2")]
    [Arguments("list -p -t work", "3")]
    [DisplayName("'task $commandLine' shows tasks $ids")]
    public async Task Lists_only_the_tasks_a_filter_selects(string commandLine, string ids)
    {
        using var task = new TaskSandbox();
        await task.MustRunAsync("add", "Report", "-t", "work");
        await task.MustRunAsync("add", "Groceries", "-P", "low", "-t", "home");
        await task.MustRunAsync("add", "Deploy", "-P", "high", "-t", "work");
        await task.MustRunAsync("complete", "1");

        var shown = await task.ListJsonAsync(commandLine.Split(' ')[1..]);
        var shownIds = shown.EnumerateArray().Select(static t => t.GetProperty("id").GetInt32()).Order();
        await Assert.That(string.Join(',', shownIds)).IsEqualTo(ids);

        // The table shows the same selection.
        var table = await task.MustRunAsync(commandLine.Split(' '));
        await Assert.That(table.Stdout).Contains($"{ids.Split(',').Length} tasks, ");
    }

    [Test]
    public async Task List_json_is_an_array_of_tasks_with_every_field()
    {
        using var task = new TaskSandbox();
        await task.MustRunAsync("add", "One", "-d", "2030-03-04", "-t", "x");
        await task.MustRunAsync("add", "Two", "-P", "low");
        await task.MustRunAsync("done", "2");

        var result = await task.MustRunAsync("list", "--json");
        using var json = JsonDocument.Parse(result.Stdout);
        await Assert.That(json.RootElement.ValueKind).IsEqualTo(JsonValueKind.Array);
        await Assert.That(json.RootElement.GetArrayLength()).IsEqualTo(2);
        foreach (var item in json.RootElement.EnumerateArray())
        {
            var fields = string.Join(',', item.EnumerateObject().Select(static p => p.Name).Order(StringComparer.Ordinal));
            await Assert.That(fields).IsEqualTo("completedAt,createdAt,done,due,id,priority,tags,title");
            await Assert.That(DateTimeOffset.TryParse(item.GetProperty("createdAt").GetString(), CultureInfo.InvariantCulture, out _)).IsTrue();
        }
        var one = json.RootElement[0];
        await Assert.That(one.GetProperty("title").GetString()).IsEqualTo("One");
        await Assert.That(one.GetProperty("due").GetString()).IsEqualTo("2030-03-04");
        await Assert.That(one.GetProperty("completedAt").ValueKind).IsEqualTo(JsonValueKind.Null);
        var two = json.RootElement[1];
        await Assert.That(two.GetProperty("done").GetBoolean()).IsTrue();
        await Assert.That(two.GetProperty("due").ValueKind).IsEqualTo(JsonValueKind.Null);
        await Assert.That(two.GetProperty("completedAt").ValueKind).IsEqualTo(JsonValueKind.String);
    }

    [Test]
    public async Task Completes_and_reopens_a_task()
    {
        using var task = new TaskSandbox();
        await task.MustRunAsync("add", "Water", "plants");

        var completed = await task.RunAsync("complete", "1");
        await Assert.That(completed.ExitCode).IsEqualTo(0).Because(completed.ToString());
        await Assert.That(completed.Stdout).IsEqualTo("✓ Completed task 1: Water plants\n");
        var done = (await task.ListJsonAsync())[0];
        await Assert.That(done.GetProperty("done").GetBoolean()).IsTrue();
        await Assert.That(done.GetProperty("completedAt").ValueKind).IsEqualTo(JsonValueKind.String);

        var reopened = await task.RunAsync("uncomplete", "1");
        await Assert.That(reopened.ExitCode).IsEqualTo(0).Because(reopened.ToString());
        await Assert.That(reopened.Stdout).IsEqualTo("✓ Reopened task 1: Water plants\n");
        var pending = (await task.ListJsonAsync())[0];
        await Assert.That(pending.GetProperty("done").GetBoolean()).IsFalse();
        await Assert.That(pending.GetProperty("completedAt").ValueKind).IsEqualTo(JsonValueKind.Null);
    }

    [Test]
    public async Task Edits_the_title_priority_due_date_and_tags()
    {
        using var task = new TaskSandbox();
        await task.MustRunAsync("add", "Draft", "-P", "low", "-d", "2030-01-01", "-t", "home,old");

        var result = await task.RunAsync("edit", "1", "--title", "Final draft", "-P", "high", "-d", "2031-02-03", "-t", "work", "--untag", "old");
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.Stdout).IsEqualTo("✓ Updated task 1: Final draft\n");
        var edited = (await task.ListJsonAsync())[0];
        await Assert.That(edited.GetProperty("title").GetString()).IsEqualTo("Final draft");
        await Assert.That(edited.GetProperty("priority").GetString()).IsEqualTo("high");
        await Assert.That(edited.GetProperty("due").GetString()).IsEqualTo("2031-02-03");
        await Assert.That(Strings(edited.GetProperty("tags"))).IsEqualTo("home,work");
    }

    [Test]
    public async Task Edit_with_due_none_clears_the_due_date()
    {
        using var task = new TaskSandbox();
        await task.MustRunAsync("add", "Someday", "-d", "2030-01-01");
        await task.MustRunAsync("edit", "1", "-d", "none");
        await Assert.That((await task.ListJsonAsync())[0].GetProperty("due").ValueKind).IsEqualTo(JsonValueKind.Null);
    }

    [Test]
    [Arguments("delete")]
    [Arguments("rm")]
    [DisplayName("'task $verb' deletes a task")]
    public async Task Deletes_a_task(string verb)
    {
        using var task = new TaskSandbox();
        await task.MustRunAsync("add", "Keep");
        await task.MustRunAsync("add", "Drop");

        var result = await task.RunAsync(verb, "2");
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.Stdout).IsEqualTo("✓ Deleted task 2: Drop\n");
        var left = await task.ListJsonAsync();
        await Assert.That(left.GetArrayLength()).IsEqualTo(1);
        await Assert.That(left[0].GetProperty("title").GetString()).IsEqualTo("Keep");
    }

    [Test]
    public async Task Never_reuses_the_id_of_a_deleted_task()
    {
        using var task = new TaskSandbox();
        await task.MustRunAsync("add", "A");
        await task.MustRunAsync("add", "B");
        await task.MustRunAsync("delete", "1");

        var result = await task.MustRunAsync("add", "C");
        await Assert.That(result.Stdout).IsEqualTo("✓ Added task 3: C\n");
        var ids = (await task.ListJsonAsync()).EnumerateArray().Select(static t => t.GetProperty("id").GetInt32());
        await Assert.That(string.Join(',', ids)).IsEqualTo("2,3");
    }

    [Test]
    public async Task Clear_done_removes_only_the_done_tasks()
    {
        using var task = new TaskSandbox();
        await task.MustRunAsync("add", "A");
        await task.MustRunAsync("add", "B");
        await task.MustRunAsync("add", "C");
        await task.MustRunAsync("complete", "1");
        await task.MustRunAsync("complete", "3");

        var result = await task.RunAsync("clear", "--done");
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.Stdout).IsEqualTo("✓ Cleared 2 done tasks\n");
        var left = await task.ListJsonAsync();
        await Assert.That(left.GetArrayLength()).IsEqualTo(1);
        await Assert.That(left[0].GetProperty("title").GetString()).IsEqualTo("B");
    }

    [Test]
    public async Task Stats_counts_total_done_pending_overdue_and_high_priority()
    {
        using var task = await StatsFixtureAsync();
        var result = await task.MustRunAsync("stats");
        await Assert.That(result.Stdout).IsEqualTo("""
            Total:     4
            Done:      1 (25%)
            Pending:   3
            Overdue:   1
            High:      1 pending

            """);
    }

    [Test]
    public async Task Stats_json_prints_one_object_with_the_same_numbers()
    {
        using var task = await StatsFixtureAsync();
        var result = await task.MustRunAsync("stats", "--json");
        await Assert.That(result.Stdout.TrimEnd('\n')).DoesNotContain("\n");
        using var json = JsonDocument.Parse(result.Stdout);
        var stats = json.RootElement;
        await Assert.That(stats.GetProperty("total").GetInt32()).IsEqualTo(4);
        await Assert.That(stats.GetProperty("done").GetInt32()).IsEqualTo(1);
        await Assert.That(stats.GetProperty("pending").GetInt32()).IsEqualTo(3);
        await Assert.That(stats.GetProperty("overdue").GetInt32()).IsEqualTo(1);
        await Assert.That(stats.GetProperty("highPending").GetInt32()).IsEqualTo(1);
        await Assert.That(stats.GetProperty("percentDone").GetInt32()).IsEqualTo(25);
    }

    [Test]
    public async Task Stats_of_an_empty_store_are_all_zero()
    {
        using var task = new TaskSandbox();
        var result = await task.MustRunAsync("stats", "--json");
        await Assert.That(result.Stdout.Trim()).IsEqualTo("""{"total":0,"done":0,"pending":0,"overdue":0,"highPending":0,"percentDone":0}""");
    }

    [Test]
    public async Task Prints_no_colour_codes_when_output_is_piped()
    {
        using var task = await StatsFixtureAsync();
        foreach (var command in new[] { new[] { "list" }, ["stats"], ["add", "More"], ["complete", "4"] })
        {
            var result = await task.MustRunAsync(command);
            await Assert.That(result.Stdout).DoesNotContain(Escape).Because($"task {string.Join(' ', command)}");
        }
        var error = await task.RunAsync("complete", "99");
        await Assert.That(error.Stderr).DoesNotContain(Escape);
    }

    [Test]
    public async Task Force_color_colours_piped_output()
    {
        using var task = await StatsFixtureAsync();
        var color = new Dictionary<string, string?> { ["FORCE_COLOR"] = "1" };
        var list = await task.RunAsync(["list"], color);
        await Assert.That(list.Stdout).Contains(Escape);
        var added = await task.RunAsync(["add", "Coloured"], color);
        await Assert.That(added.Stdout).Contains($"{Escape}32m✓{Escape}0m Added task 5: Coloured");
        var error = await task.RunAsync(["complete", "99"], color);
        await Assert.That(error.Stderr).Contains($"{Escape}31merror:");
    }

    [Test]
    public async Task No_color_wins_over_force_color()
    {
        using var task = await StatsFixtureAsync();
        var both = new Dictionary<string, string?> { ["FORCE_COLOR"] = "1", ["NO_COLOR"] = "1" };
        var list = await task.RunAsync(["list"], both);
        await Assert.That(list.ExitCode).IsEqualTo(0);
        await Assert.That(list.Stdout).DoesNotContain(Escape);
        var stats = await task.RunAsync(["stats"], both);
        await Assert.That(stats.Stdout).DoesNotContain(Escape);
        var error = await task.RunAsync(["complete", "99"], both);
        await Assert.That(error.Stderr).IsEqualTo("task: error: no task with id 99\n");
    }

    [Test]
    [Arguments("complete 7", 1, "no task with id 7")]
    [Arguments("done 7", 1, "no task with id 7")]
    [Arguments("uncomplete 7", 1, "no task with id 7")]
    [Arguments("delete 7", 1, "no task with id 7")]
    [Arguments("edit 7 --title New", 1, "no task with id 7")]
    [Arguments("add Milk -P urgent", 2, "bad priority 'urgent' (expected low, medium or high)")]
    [Arguments("list -P urgent", 2, "bad priority 'urgent' (expected low, medium or high)")]
    [Arguments("add Milk -d 2024-13-45", 2, "bad due date '2024-13-45' (expected ")]
    [Arguments("add Milk -d someday", 2, "bad due date 'someday' (expected ")]
    [Arguments("edit 1 -d 31/12/2030", 2, "bad due date '31/12/2030' (expected ")]
    [Arguments("frobnicate", 2, "unknown command 'frobnicate'")]
    [Arguments("complete abc", 2, "abc")]
    [Arguments("delete abc", 2, "abc")]
    [Arguments("clear", 2, "clear needs --done")]
    [Arguments("list --pending --done", 2, "--pending and --done exclude each other")]
    [Arguments("add", 2, "missing task title")]
    [Arguments("edit 1", 2, "nothing to change")]
    [DisplayName("'task $commandLine' exits $exitCode with '$message' on stderr")]
    public async Task Fails_with_one_error_line_and_the_right_exit_code(string commandLine, int exitCode, string message)
    {
        using var task = new TaskSandbox();
        await task.MustRunAsync("add", "Existing");
        var before = await File.ReadAllBytesAsync(task.StorePath);

        var result = await task.RunAsync(commandLine.Split(' '));
        await Assert.That(result.ExitCode).IsEqualTo(exitCode).Because(result.ToString());
        await Assert.That(result.Stdout).IsEmpty();
        var lines = result.StderrLines;
        await Assert.That(lines[0]).StartsWith("task: error: ");
        await Assert.That(lines[0]).Contains(message);
        // Usage errors (exit 2) point at --help; runtime failures (exit 1) are the one line only. No stack trace without --verbose.
        var expected = exitCode == 2 ? new[] { lines[0], "run 'task --help' for usage" } : [lines[0]];
        await Assert.That(string.Join('\n', lines)).IsEqualTo(string.Join('\n', expected));
        await Assert.That((await File.ReadAllBytesAsync(task.StorePath)).SequenceEqual(before)).IsTrue().Because("a failed command must not write the store");
    }

    [Test]
    public async Task Verbose_adds_the_stack_trace_to_an_error()
    {
        using var task = new TaskSandbox();
        var result = await task.RunAsync("complete", "7", "--verbose");
        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.StderrLines[0]).IsEqualTo("task: error: no task with id 7");
        await Assert.That(result.StderrLines.Length).IsGreaterThan(1);
    }

    [Test]
    public async Task Stores_tasks_in_xdg_data_home_when_no_file_is_given()
    {
        using var task = new TaskSandbox();
        task.Environment["TASK_FILE"] = null;
        await task.MustRunAsync("add", "Default", "place");
        var expected = Path.Combine(task.Home, ".local", "share", "aotsuite", "tasks.json");
        await Assert.That(File.Exists(expected)).IsTrue();
        await Assert.That(File.Exists(task.StorePath)).IsFalse();
    }

    [Test]
    public async Task Falls_back_to_home_local_share_without_xdg_data_home()
    {
        using var task = new TaskSandbox();
        task.Environment["TASK_FILE"] = null;
        task.Environment["XDG_DATA_HOME"] = null;
        await task.MustRunAsync("add", "Home", "place");
        await Assert.That(File.Exists(Path.Combine(task.Home, ".local", "share", "aotsuite", "tasks.json"))).IsTrue();
    }

    [Test]
    public async Task File_option_wins_over_task_file()
    {
        using var task = new TaskSandbox();
        var other = Path.Combine(task.Home, "other", "list.json");
        await task.MustRunAsync("add", "Elsewhere", "--file", other);
        await task.MustRunAsync("add", "Here");

        var elsewhere = await task.MustRunAsync("list", "--json", "--file", other);
        using var json = JsonDocument.Parse(elsewhere.Stdout);
        await Assert.That(json.RootElement.GetArrayLength()).IsEqualTo(1);
        await Assert.That(json.RootElement[0].GetProperty("title").GetString()).IsEqualTo("Elsewhere");
        await Assert.That((await task.ListJsonAsync())[0].GetProperty("title").GetString()).IsEqualTo("Here");
    }

    [Test]
    public async Task Writes_the_documented_store_format_and_keeps_the_previous_write_as_bak()
    {
        using var task = new TaskSandbox();
        await task.MustRunAsync("add", "A");
        await Assert.That(File.Exists(task.BackupPath)).IsFalse().Because("the first write has no previous copy");
        await task.MustRunAsync("add", "B");

        using var store = JsonDocument.Parse(await File.ReadAllBytesAsync(task.StorePath));
        await Assert.That(store.RootElement.GetProperty("version").GetInt32()).IsEqualTo(1);
        await Assert.That(store.RootElement.GetProperty("nextId").GetInt32()).IsEqualTo(3);
        await Assert.That(store.RootElement.GetProperty("tasks").GetArrayLength()).IsEqualTo(2);
        using var backup = JsonDocument.Parse(await File.ReadAllBytesAsync(task.BackupPath));
        await Assert.That(backup.RootElement.GetProperty("nextId").GetInt32()).IsEqualTo(2);
        await Assert.That(backup.RootElement.GetProperty("tasks").GetArrayLength()).IsEqualTo(1);
        await Assert.That(Directory.GetFiles(task.Home, "tasks.json.tmp-*")).IsEmpty();
    }

    /// <summary>Four tasks: high pending, high done, low overdue, medium; so total 4, done 1 (25%), overdue 1, high pending 1.</summary>
    private static async Task<TaskSandbox> StatsFixtureAsync()
    {
        var task = new TaskSandbox();
        await task.MustRunAsync("add", "Urgent", "-P", "high");
        await task.MustRunAsync("add", "Shipped", "-P", "high");
        await task.MustRunAsync("add", "Late", "-P", "low", "-d", "2020-01-01");
        await task.MustRunAsync("add", "Normal");
        await task.MustRunAsync("complete", "2");
        return task;
    }

    private static string Strings(JsonElement array) => string.Join(',', array.EnumerateArray().Select(static e => e.GetString()));
}
