using AotSuite.Jobs.Stores.Sqlite;

namespace AotSuite.Jobs.Tests;

[InheritsTests]
public sealed class SqliteJobStoreTests : JobStoreBehaviour
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), $"aotsuite-jobs-{Environment.ProcessId}");

    protected override async Task<IJobStore> StoreAsync(TimeProvider? time = null)
    {
        var store = new SqliteJobStore(Path.Combine(Folder, $"{Guid.NewGuid():N}.db"), time) { PollInterval = TimeSpan.FromMilliseconds(50) };
        await store.InitializeAsync();
        return store;
    }

    [After(Class)]
    public static void DeleteFiles()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
