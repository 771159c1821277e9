namespace AotSuite.Tasks;

/// <summary>Which tasks <c>task list</c> shows, and in what order: pending first, then priority high to low, then id.</summary>
public sealed record TaskFilter(bool PendingOnly = false, bool DoneOnly = false, string? Tag = null, TaskPriority? Priority = null)
{
    public static TaskFilter All { get; } = new();

    public bool Matches(TaskItem task) =>
        (!PendingOnly || !task.Done) &&
        (!DoneOnly || task.Done) &&
        (Tag is null || task.Tags.Contains(Tag, StringComparer.Ordinal)) &&
        (Priority is null || task.Priority == Priority);

    public List<TaskItem> Apply(IEnumerable<TaskItem> tasks)
    {
        var shown = tasks.Where(Matches).ToList();
        shown.Sort(static (a, b) =>
        {
            var byDone = a.Done.CompareTo(b.Done);
            if (byDone != 0) return byDone;
            var byPriority = b.Priority.CompareTo(a.Priority);
            return byPriority != 0 ? byPriority : a.Id.CompareTo(b.Id);
        });
        return shown;
    }
}
