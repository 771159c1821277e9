namespace AotSuite.Generators.Json;

internal enum JsonShapeProblemKind
{
    /// <summary><see cref="JsonShapeProblem.Member"/> has a type (<see cref="JsonShapeProblem.Other"/>) JSON cannot hold.</summary>
    UnsupportedMember,
    /// <summary>No constructor the reader can call.</summary>
    NoConstructor,
    /// <summary><see cref="JsonShapeProblem.Other"/> and <see cref="JsonShapeProblem.Member"/> share <see cref="JsonShapeProblem.JsonName"/>.</summary>
    DuplicateName,
    /// <summary>Generated code outside the type cannot see it (private, protected or file-local).</summary>
    NotAccessible,
}

/// <summary>Why a type cannot be read or written as JSON; each generator words it as its own diagnostic.</summary>
/// <param name="TypeName">The type at fault, as C# displays it.</param>
internal sealed record JsonShapeProblem(
    JsonShapeProblemKind Kind,
    string TypeName,
    string? Member = null,
    string? Other = null,
    string? JsonName = null,
    LocationInfo? Location = null)
{
    /// <summary>The problem as a clause, for messages that say where the type was met first.</summary>
    public string Describe() => Kind switch
    {
        JsonShapeProblemKind.UnsupportedMember =>
            $"its property '{TypeName}.{Member}' has type '{Other}', which cannot be read or written as JSON; use a supported type or add [JsonIgnore] to it",
        JsonShapeProblemKind.NoConstructor =>
            $"'{TypeName}' has no constructor the JSON reader can call; add a public parameterless constructor or one whose parameters are named after its properties",
        JsonShapeProblemKind.DuplicateName =>
            $"properties '{TypeName}.{Other}' and '{TypeName}.{Member}' both map to the JSON name '{JsonName}'; give one of them another [JsonPropertyName]",
        _ => $"'{TypeName}' is not visible to generated code; make it public or internal",
    };
}
