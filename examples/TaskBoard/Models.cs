using AotSuite.Json;
using AotSuite.Tasks;

namespace AotSuite.Examples.TaskBoard;

/// <summary>The body of <c>POST /api/tasks</c>.</summary>
[JsonModel]
public sealed partial record NewTask(string Title, TaskPriority Priority = TaskPriority.Medium, DateOnly? Due = null, List<string>? Tags = null);

/// <summary>The body of <c>GET /api/stats</c>.</summary>
[JsonModel]
public sealed partial record StatsView(int Total, int Done, int Pending, int Overdue, int HighPending, int PercentDone)
{
    public static StatsView Of(TaskStats stats) =>
        new(stats.Total, stats.Done, stats.Pending, stats.Overdue, stats.HighPending, stats.PercentDone);
}
