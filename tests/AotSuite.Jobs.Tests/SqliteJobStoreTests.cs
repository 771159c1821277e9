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

    [Test]
    public async Task A_job_added_between_an_empty_claim_and_the_wait_still_wakes_the_worker()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var store = await StoreAsync(clock);
        await Assert.That(await store.ClaimAsync("q", "w", 1, TimeSpan.FromMinutes(1))).IsEmpty();
        await store.EnqueueAsync([new NewJob("q", "{}", new JobOptions())]);
        // The fake clock never moves, so only the pulse the enqueue left behind can end this wait.
        var wait = store.WaitForWorkAsync("q", TimeSpan.FromMinutes(1), CancellationToken.None);
        await wait.WaitAsync(TimeSpan.FromSeconds(90));
        await Assert.That(wait.IsCompletedSuccessfully).IsTrue();
    }

    [After(Class)]
    public static void DeleteFiles()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
