using AotSuite.Json;

namespace AotSuite.Tasks;

/// <summary>One task. Immutable: changes go through <c>with</c> inside <see cref="TaskStore.Update{T}"/>.</summary>
[JsonModel]
public sealed partial record TaskItem
{
    /// <summary>Stable: never reused, even after the task is deleted.</summary>
    public required int Id { get; init; }

    public required string Title { get; init; }

    public bool Done { get; init; }

    public TaskPriority Priority { get; init; } = TaskPriority.Medium;

    public DateOnly? Due { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Pending and due before <paramref name="today"/>.</summary>
    public bool IsOverdue(DateOnly today) => !Done && Due is { } due && due < today;
}
