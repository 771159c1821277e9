using AotSuite.Generators;

namespace AotSuite.Json.Generators.Model;

/// <summary>
/// A property's type as the emitter needs it. <paramref name="Element"/> is the item of a list or array, the value of a
/// dictionary or the underlying type of a nullable value type; <paramref name="CanBeNull"/> says whether JSON null is allowed.
/// </summary>
internal sealed record JsonTypeRef(
    JsonTypeKind Kind,
    string FullName,
    bool CanBeNull,
    JsonTypeRef? Element,
    EquatableArray<JsonEnumMember> EnumMembers);

internal sealed record JsonEnumMember(string Name, string JsonName);
