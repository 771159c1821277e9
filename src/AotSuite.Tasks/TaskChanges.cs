namespace AotSuite.Tasks;

/// <summary>What <c>task edit</c> may change; null leaves a field as it is.</summary>
public sealed record TaskChanges(string? Title = null, TaskPriority? Priority = null, DateOnly? Due = null, bool ClearDue = false,
    IReadOnlyList<string>? AddTags = null, IReadOnlyList<string>? RemoveTags = null);
