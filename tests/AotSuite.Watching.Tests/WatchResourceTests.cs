using System.Diagnostics;

namespace AotSuite.Watching.Tests;

/// <summary>What a watcher holds: one watch per folder, bounded memory on a big tree, nothing left after Dispose.</summary>
[NotInParallel]
public class WatchResourceTests
{
    private static int InotifyInstances() =>
        Directory.GetFiles("/proc/self/fd").Count(static fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget == "anon_inode:inotify";
            }
            catch (IOException)
            {
                return false; // closed while we looked
            }
        });

    /// <summary>Lines "inotify wd:..." in the fdinfo of every inotify descriptor of this process.</summary>
    private static int WatchesHeldByThisProcess() =>
        Directory.GetFiles("/proc/self/fd")
            .Where(static fd => new FileInfo(fd).LinkTarget == "anon_inode:inotify")
            .Sum(static fd => File.ReadAllLines($"/proc/self/fdinfo/{Path.GetFileName(fd)}").Count(static l => l.StartsWith("inotify wd:", StringComparison.Ordinal)));

    [Test]
    public async Task Disposing_closes_the_inotify_instance_and_releases_every_watch()
    {
        var instancesBefore = InotifyInstances();
        var watchesBefore = WatchesHeldByThisProcess();
        var watch = new WatchRecorder(prepare: root =>
        {
            for (var i = 0; i < 20; i++) Directory.CreateDirectory(Path.Combine(root, $"d{i}", "e"));
        });
        await Assert.That(InotifyInstances()).IsEqualTo(instancesBefore + 1);
        await Assert.That(WatchesHeldByThisProcess() - watchesBefore).IsEqualTo(41);
        watch.Dispose();
        await Assert.That(InotifyInstances()).IsEqualTo(instancesBefore);
        await Assert.That(WatchesHeldByThisProcess()).IsEqualTo(watchesBefore);
    }

    [Test]
    public async Task Watches_a_100000_file_tree_with_one_watch_per_folder_and_bounded_memory()
    {
        const int Folders = 500, FilesPerFolder = 200;
        var folder = Directory.CreateTempSubdirectory("aotsuite-watch-big-").FullName;
        try
        {
            for (var d = 0; d < Folders; d++)
            {
                var dir = Path.Combine(folder, $"pkg{d}");
                Directory.CreateDirectory(dir);
                for (var f = 0; f < FilesPerFolder; f++) File.WriteAllBytes(Path.Combine(dir, $"file{f}.js"), []);
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var changes = new System.Collections.Concurrent.ConcurrentQueue<FileChange>();
            var clock = Stopwatch.StartNew();
            using var watcher = FileWatcher.Start(folder, new FileWatcherOptions(), batch =>
            {
                foreach (var c in batch) changes.Enqueue(c);
            });
            var startup = clock.Elapsed;
            var heapWatching = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
            await Assert.That(watcher.EntryCount).IsEqualTo(Folders + Folders * FilesPerFolder);
            await Assert.That(watcher.WatchCount).IsEqualTo(Folders + 1);
            // Names and stamps of 100,500 entries: about 200 bytes each. A leak per event or per file would show here.
            await Assert.That(heapWatching).IsLessThan(48L * 1024 * 1024).Because($"heap grew {heapWatching / 1024 / 1024} MB; start took {startup}");

            for (var round = 0; round < 5; round++)
            {
                for (var d = 0; d < Folders; d += 50) File.WriteAllText(Path.Combine(folder, $"pkg{d}", "file0.js"), $"round {round}");
            }
            var deadline = Stopwatch.StartNew();
            while (changes.Count(c => c.Kind == FileChangeKind.Changed) < Folders / 50 && deadline.Elapsed < WatchRecorder.Patience) await Task.Delay(20);
            await Assert.That(changes.Select(c => c.Path).Distinct().Count()).IsEqualTo(Folders / 50);
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
            await Assert.That(heapAfter - heapWatching).IsLessThan(4L * 1024 * 1024);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
