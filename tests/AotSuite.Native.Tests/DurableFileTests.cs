namespace AotSuite.Native.Tests;

public class DurableFileTests
{
    [Test]
    public async Task Creates_the_file_and_its_folder()
    {
        var dir = Directory.CreateTempSubdirectory("aotsuite-durable-");
        try
        {
            var path = Path.Combine(dir.FullName, "nested", "data.json");
            DurableFile.Replace(path, "{}"u8);
            await Assert.That(await File.ReadAllTextAsync(path)).IsEqualTo("{}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Replaces_existing_content_whole_and_leaves_no_temp_file()
    {
        var dir = Directory.CreateTempSubdirectory("aotsuite-durable-");
        try
        {
            var path = Path.Combine(dir.FullName, "data.json");
            await File.WriteAllTextAsync(path, "old content that is longer than the new one");
            DurableFile.Replace(path, "new"u8);
            await Assert.That(await File.ReadAllTextAsync(path)).IsEqualTo("new");
            await Assert.That(Directory.GetFiles(dir.FullName).Select(f => Path.GetFileName(f))).IsEquivalentTo(new[] { "data.json" });
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Names_the_folder_when_it_cannot_sync_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"aotsuite-missing-{Guid.NewGuid():n}");
        var error = Assert.Throws<IOException>(() => DurableFile.SyncDirectory(missing));
        await Assert.That(error.Message).StartsWith(missing + ": fsync of the folder failed");
    }
}
