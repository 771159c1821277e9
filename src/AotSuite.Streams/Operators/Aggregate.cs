namespace AotSuite.Streams.Operators;

public enum AggregateKind { Count, Sum, Min, Max, Mean }

/// <summary>One aggregate of a group-by: <c>Sum("amount")</c> makes the column <c>amount_sum</c> (Miller's naming).</summary>
public sealed record Aggregate(AggregateKind Kind, string? Column = null)
{
    public string OutputName => Kind == AggregateKind.Count ? "count" : $"{Column}_{Kind.ToString().ToLowerInvariant()}";
}
