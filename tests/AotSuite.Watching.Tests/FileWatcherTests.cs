namespace AotSuite.Watching.Tests;

public class FileWatcherTests
{
    [Test]
    public async Task Reports_a_new_file_as_one_Added()
    {
        using var watch = new WatchRecorder();
        watch.Write("a.txt", "hello");
        await Assert.That(await watch.WaitFor(FileChangeKind.Added, "a.txt")).IsTrue().Because(watch.Describe());
        await WatchRecorder.Settle();
        await Assert.That(watch.Changes.Count).IsEqualTo(1).Because(watch.Describe());
    }

    [Test]
    public async Task Reports_an_editors_save_through_a_temp_file_as_one_Changed()
    {
        using var watch = new WatchRecorder(prepare: root => File.WriteAllText(Path.Combine(root, "app.cs"), "v1"));
        // What VS Code and JetBrains do: write a sibling temp file, then rename it over the original.
        File.WriteAllText(watch.PathOf("app.cs.tmp"), "v2 longer");
        File.Move(watch.PathOf("app.cs.tmp"), watch.PathOf("app.cs"), overwrite: true);
        await Assert.That(await watch.WaitFor(FileChangeKind.Changed, "app.cs")).IsTrue().Because(watch.Describe());
        await WatchRecorder.Settle();
        await Assert.That(watch.Describe()).IsEqualTo("Changed app.cs");
    }

    [Test]
    public async Task Coalesces_a_burst_of_writes_to_one_file_into_one_Changed()
    {
        using var watch = new WatchRecorder(prepare: root => File.WriteAllText(Path.Combine(root, "log.txt"), ""));
        using (var stream = new FileStream(watch.PathOf("log.txt"), FileMode.Append))
        {
            for (var i = 0; i < 50; i++)
            {
                stream.Write("line\n"u8);
                stream.Flush();
            }
        }
        await Assert.That(await watch.WaitFor(FileChangeKind.Changed, "log.txt")).IsTrue().Because(watch.Describe());
        await WatchRecorder.Settle();
        await Assert.That(watch.Describe()).IsEqualTo("Changed log.txt");
    }

    [Test]
    public async Task Reports_a_deleted_file_as_Deleted()
    {
        using var watch = new WatchRecorder(prepare: root => File.WriteAllText(Path.Combine(root, "gone.txt"), "x"));
        File.Delete(watch.PathOf("gone.txt"));
        await Assert.That(await watch.WaitFor(FileChangeKind.Deleted, "gone.txt")).IsTrue().Because(watch.Describe());
    }

    [Test]
    public async Task Correlates_both_halves_of_a_rename_into_one_Renamed()
    {
        using var watch = new WatchRecorder(prepare: root => File.WriteAllText(Path.Combine(root, "old.txt"), "x"));
        File.Move(watch.PathOf("old.txt"), watch.PathOf("new.txt"));
        await Assert.That(await watch.WaitFor(FileChangeKind.Renamed, "new.txt")).IsTrue().Because(watch.Describe());
        await WatchRecorder.Settle();
        var change = watch.Changes.Single();
        await Assert.That(change.OldPath).IsEqualTo("old.txt");
    }

    [Test]
    public async Task Watches_a_folder_created_after_start_and_the_files_written_into_it()
    {
        using var watch = new WatchRecorder();
        watch.Write("lib/deep/one.cs");
        await Assert.That(await watch.WaitFor(FileChangeKind.Added, "lib/deep/one.cs")).IsTrue().Because(watch.Describe());
        await Assert.That(watch.Changes.Any(c => c is { Kind: FileChangeKind.Added, Path: "lib", IsDirectory: true })).IsTrue();
        watch.Write("lib/deep/one.cs", "changed");
        await Assert.That(await watch.WaitFor(FileChangeKind.Changed, "lib/deep/one.cs")).IsTrue().Because(watch.Describe());
        await Assert.That(watch.Watcher.WatchCount).IsEqualTo(3);
    }

    [Test]
    public async Task Reports_everything_inside_a_deleted_folder_and_drops_its_watches()
    {
        using var watch = new WatchRecorder(prepare: root =>
        {
            Directory.CreateDirectory(Path.Combine(root, "pkg", "sub"));
            File.WriteAllText(Path.Combine(root, "pkg", "a.js"), "a");
            File.WriteAllText(Path.Combine(root, "pkg", "sub", "b.js"), "b");
        });
        await Assert.That(watch.Watcher.WatchCount).IsEqualTo(3);
        Directory.Delete(watch.PathOf("pkg"), recursive: true);
        await Assert.That(await watch.WaitFor(FileChangeKind.Deleted, "pkg")).IsTrue().Because(watch.Describe());
        await Assert.That(await watch.WaitFor(changes => changes.Count(c => c.Kind == FileChangeKind.Deleted) == 4)).IsTrue().Because(watch.Describe());
        await Assert.That(watch.Watcher.WatchCount).IsEqualTo(1);
    }

    [Test]
    public async Task Follows_a_folder_renamed_inside_the_tree()
    {
        using var watch = new WatchRecorder(prepare: root =>
        {
            Directory.CreateDirectory(Path.Combine(root, "before"));
            File.WriteAllText(Path.Combine(root, "before", "f.txt"), "1");
        });
        Directory.Move(watch.PathOf("before"), watch.PathOf("after"));
        await Assert.That(await watch.WaitFor(FileChangeKind.Renamed, "after")).IsTrue().Because(watch.Describe());
        watch.Write("after/f.txt", "22");
        await Assert.That(await watch.WaitFor(FileChangeKind.Changed, "after/f.txt")).IsTrue().Because(watch.Describe());
        watch.Write("after/g.txt", "new");
        await Assert.That(await watch.WaitFor(FileChangeKind.Added, "after/g.txt")).IsTrue().Because(watch.Describe());
    }

    [Test]
    public async Task Reports_a_folder_moved_in_from_outside_with_its_contents_and_one_moved_out_as_deleted()
    {
        using var watch = new WatchRecorder(root: "watched");
        var outside = Path.Combine(watch.Folder, "outside");
        Directory.CreateDirectory(Path.Combine(outside, "inner"));
        File.WriteAllText(Path.Combine(outside, "inner", "x.txt"), "x");
        Directory.Move(outside, watch.PathOf("moved"));
        await Assert.That(await watch.WaitFor(FileChangeKind.Added, "moved/inner/x.txt")).IsTrue().Because(watch.Describe());
        Directory.Move(watch.PathOf("moved"), outside);
        await Assert.That(await watch.WaitFor(FileChangeKind.Deleted, "moved/inner/x.txt")).IsTrue().Because(watch.Describe());
        await Assert.That(await watch.WaitFor(FileChangeKind.Deleted, "moved")).IsTrue().Because(watch.Describe());
        await Assert.That(watch.Watcher.WatchCount).IsEqualTo(1);
    }

    [Test]
    public async Task Skips_ignore_globs_and_gitignored_paths()
    {
        using var watch = new WatchRecorder(new FileWatcherOptions { Ignore = ["*.log", "build/"] }, prepare: root =>
        {
            File.WriteAllText(Path.Combine(root, ".gitignore"), "secret.txt\nout/\n");
            Directory.CreateDirectory(Path.Combine(root, "build"));
            Directory.CreateDirectory(Path.Combine(root, "out"));
        });
        watch.Write("debug.log");
        watch.Write("secret.txt");
        watch.Write("build/x.cs");
        watch.Write("out/y.cs");
        watch.Write(".git/HEAD");
        watch.Write("src/keep.cs");
        await Assert.That(await watch.WaitFor(FileChangeKind.Added, "src/keep.cs")).IsTrue().Because(watch.Describe());
        await WatchRecorder.Settle();
        await Assert.That(watch.Describe()).IsEqualTo("Added src; Added src/keep.cs");
        // Ignored folders get no watch: root, src.
        await Assert.That(watch.Watcher.WatchCount).IsEqualTo(2);
    }

    [Test]
    public async Task Reports_the_root_deleted_and_watches_it_again_once_recreated()
    {
        using var watch = new WatchRecorder(new FileWatcherOptions { PollInterval = TimeSpan.FromMilliseconds(100) }, root: "proj",
            prepare: root => File.WriteAllText(Path.Combine(root, "a.txt"), "a"));
        Directory.Delete(watch.Root, recursive: true);
        await Assert.That(await watch.WaitFor(FileChangeKind.Deleted, "a.txt")).IsTrue().Because(watch.Describe());
        await Assert.That(await watch.WaitForWarning("was deleted")).IsTrue().Because(watch.Describe());
        Directory.CreateDirectory(watch.Root);
        File.WriteAllText(watch.PathOf("b.txt"), "b");
        await Assert.That(await watch.WaitFor(FileChangeKind.Added, "b.txt")).IsTrue().Because(watch.Describe());
        watch.Write("c.txt");
        await Assert.That(await watch.WaitFor(FileChangeKind.Added, "c.txt")).IsTrue().Because(watch.Describe());
        await Assert.That(watch.Watcher.IsPolling).IsFalse();
    }

    [Test]
    public async Task Answers_an_event_queue_overflow_with_a_rescan_that_finds_every_file()
    {
        var limit = int.Parse(File.ReadAllText("/proc/sys/fs/inotify/max_queued_events").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using var watch = new WatchRecorder(prepare: root =>
        {
            File.WriteAllText(Path.Combine(root, "existing.txt"), "1");
            Directory.CreateDirectory(Path.Combine(root, "many"));
        });
        var files = limit + 2000;
        using (watch.Watcher.PauseForTesting())
        {
            await Task.Delay(100); // the loop parks before its next read
            for (var i = 0; i < files; i++) File.WriteAllBytes(watch.PathOf($"many/{i}.txt"), []);
            File.Delete(watch.PathOf("existing.txt"));
        }
        await Assert.That(await watch.WaitForWarning("overflowed")).IsTrue().Because(string.Join("; ", watch.Warnings));
        await Assert.That(await watch.WaitFor(changes => changes.Count(c => c.Kind == FileChangeKind.Added && !c.IsDirectory) == files))
            .IsTrue().Because($"{watch.Changes.Count} changes");
        await Assert.That(watch.Changes.Any(c => c is { Kind: FileChangeKind.Deleted, Path: "existing.txt" })).IsTrue();
        await Assert.That(watch.Watcher.WatchCount).IsEqualTo(2);
    }

    [Test]
    public async Task Falls_back_to_polling_at_the_watch_limit_with_a_message_that_says_how_to_raise_it()
    {
        using var watch = new WatchRecorder(new FileWatcherOptions { WatchLimitForTesting = 2, PollInterval = TimeSpan.FromMilliseconds(100) },
            prepare: root =>
            {
                foreach (var dir in new[] { "a", "b", "c" }) Directory.CreateDirectory(Path.Combine(root, dir));
            });
        await Assert.That(watch.Watcher.IsPolling).IsTrue();
        await Assert.That(watch.Warnings.Single()).Contains("max_user_watches");
        watch.Write("c/new.txt");
        await Assert.That(await watch.WaitFor(FileChangeKind.Added, "c/new.txt")).IsTrue().Because(watch.Describe());
        File.Delete(watch.PathOf("c/new.txt"));
        await Assert.That(await watch.WaitFor(FileChangeKind.Deleted, "c/new.txt")).IsTrue().Because(watch.Describe());
    }

    [Test]
    public async Task Polling_mode_reports_added_changed_and_deleted()
    {
        using var watch = new WatchRecorder(new FileWatcherOptions { UsePolling = true, PollInterval = TimeSpan.FromMilliseconds(100) },
            prepare: root => File.WriteAllText(Path.Combine(root, "f.txt"), "1"));
        watch.Write("g.txt");
        File.WriteAllText(watch.PathOf("f.txt"), "much longer");
        await Assert.That(await watch.WaitFor(FileChangeKind.Added, "g.txt")).IsTrue().Because(watch.Describe());
        await Assert.That(await watch.WaitFor(FileChangeKind.Changed, "f.txt")).IsTrue().Because(watch.Describe());
        File.Delete(watch.PathOf("g.txt"));
        await Assert.That(await watch.WaitFor(FileChangeKind.Deleted, "g.txt")).IsTrue().Because(watch.Describe());
        await Assert.That(watch.Watcher.WatchCount).IsEqualTo(0);
    }
}
