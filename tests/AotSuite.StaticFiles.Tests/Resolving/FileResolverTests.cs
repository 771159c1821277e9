using AotSuite.StaticFiles.Metadata;
using AotSuite.StaticFiles.Resolving;

namespace AotSuite.StaticFiles.Tests.Resolving;

public class FileResolverTests
{
    [Test]
    public async Task Gives_back_the_memory_of_a_replaced_file_version()
    {
        var root = Directory.CreateTempSubdirectory("aotsuite-resolver-").FullName;
        try
        {
            var resolver = new FileResolver(new StaticFileOptions { Root = root, RevalidateAfter = TimeSpan.Zero, MemoryCacheBytes = 100 });
            for (var version = 0; version < 10; version++)
            {
                await File.WriteAllTextAsync(Path.Combine(root, "page.txt"), new string((char)('a' + version), 60 + version));
                var entry = resolver.Resolve("page.txt");
                await Assert.That(entry.Kind).IsEqualTo(EntryKind.File);
                await Assert.That(entry.Content?.Length).IsEqualTo(60 + version).Because($"version {version} should fit the 100-byte budget once the last one is released");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task Keeps_the_same_bytes_when_a_file_is_checked_again_unchanged()
    {
        var root = Directory.CreateTempSubdirectory("aotsuite-resolver-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, "page.txt"), "unchanged");
            var resolver = new FileResolver(new StaticFileOptions { Root = root, RevalidateAfter = TimeSpan.Zero });
            var first = resolver.Resolve("page.txt");
            var second = resolver.Resolve("page.txt");
            await Assert.That(second).IsNotSameReferenceAs(first);
            await Assert.That(second.Content).IsSameReferenceAs(first.Content);
            await Assert.That(second.ETag).IsSameReferenceAs(first.ETag);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
