namespace AotSuite.Generators.Json;

/// <summary>
/// A property's type as the emitter needs it. <paramref name="Element"/> is the item of a list or array, the value of a
/// dictionary or the underlying type of a nullable value type; <paramref name="CanBeNull"/> says whether JSON null is allowed.
/// <paramref name="Codec"/>, for a model, names the type whose static <c>WriteJson</c>/<c>ReadJson</c> handle it: null
/// when the model itself has them ([JsonModel]), a generated codec when the web generator discovered the type.
/// </summary>
internal sealed record JsonTypeRef(
    JsonTypeKind Kind,
    string FullName,
    bool CanBeNull,
    JsonTypeRef? Element,
    EquatableArray<JsonEnumMember> EnumMembers,
    string? Codec = null);

internal sealed record JsonEnumMember(string Name, string JsonName);
