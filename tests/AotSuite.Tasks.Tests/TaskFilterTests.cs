namespace AotSuite.Tasks.Tests;

public class TaskFilterTests
{
    private static TaskItem Task(int id, bool done = false, TaskPriority priority = TaskPriority.Medium, params string[] tags) =>
        new() { Id = id, Title = $"t{id}", Done = done, Priority = priority, Tags = tags, CreatedAt = DateTimeOffset.UnixEpoch };

    private static readonly TaskItem[] Tasks =
    [
        Task(1, done: true, TaskPriority.High),
        Task(2, priority: TaskPriority.Low, tags: "home"),
        Task(3, priority: TaskPriority.High, tags: "work"),
        Task(4, tags: "home"),
    ];

    [Test]
    public async Task Orders_pending_first_then_by_priority_then_by_id()
    {
        await Assert.That(TaskFilter.All.Apply(Tasks).Select(t => t.Id)).IsEquivalentTo(new[] { 3, 4, 2, 1 });
    }

    [Test]
    public async Task Shows_only_pending_or_only_done_tasks()
    {
        await Assert.That(new TaskFilter(PendingOnly: true).Apply(Tasks).Select(t => t.Id)).IsEquivalentTo(new[] { 3, 4, 2 });
        await Assert.That(new TaskFilter(DoneOnly: true).Apply(Tasks).Select(t => t.Id)).IsEquivalentTo(new[] { 1 });
    }

    [Test]
    public async Task Filters_by_tag_and_priority()
    {
        await Assert.That(new TaskFilter(Tag: "home").Apply(Tasks).Select(t => t.Id)).IsEquivalentTo(new[] { 4, 2 });
        await Assert.That(new TaskFilter(Priority: TaskPriority.High).Apply(Tasks).Select(t => t.Id)).IsEquivalentTo(new[] { 3, 1 });
    }

    [Test]
    public async Task Counts_done_pending_overdue_and_high_priority()
    {
        var today = new DateOnly(2026, 11, 24);
        TaskItem[] tasks = [.. Tasks, Task(5) with { Due = today.AddDays(-1) }, Task(6, done: true) with { Due = today.AddDays(-1) }];
        var stats = TaskStats.Of(tasks, today);
        await Assert.That(stats).IsEqualTo(new TaskStats(Total: 6, Done: 2, Pending: 4, Overdue: 1, HighPending: 1));
        await Assert.That(stats.PercentDone).IsEqualTo(33);
        await Assert.That(TaskStats.Of([], today).PercentDone).IsEqualTo(0);
    }

    [Test]
    public async Task Rounds_half_percentages_up()
    {
        TaskItem[] tasks = [Task(1, done: true), .. Enumerable.Range(2, 7).Select(i => Task(i))];
        await Assert.That(TaskStats.Of(tasks, DateOnly.MinValue).PercentDone).IsEqualTo(13);
    }
}
