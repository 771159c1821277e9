namespace AotSuite.Tasks;

public sealed record TaskStats(int Total, int Done, int Pending, int Overdue, int HighPending)
{
    /// <summary>Done as a whole percentage of all tasks; 0 for an empty store.</summary>
    public int PercentDone => Total == 0 ? 0 : (int)Math.Round(100.0 * Done / Total, MidpointRounding.AwayFromZero);

    public static TaskStats Of(IReadOnlyCollection<TaskItem> tasks, DateOnly today)
    {
        int done = 0, overdue = 0, highPending = 0;
        foreach (var task in tasks)
        {
            if (task.Done) done++;
            else if (task.Priority == TaskPriority.High) highPending++;
            if (task.IsOverdue(today)) overdue++;
        }
        return new TaskStats(tasks.Count, done, tasks.Count - done, overdue, highPending);
    }
}
