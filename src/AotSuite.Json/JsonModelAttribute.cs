namespace AotSuite.Json;

/// <summary>
/// Marks a partial class or record for the JSON generator: it gets a reader and a writer at compile time and
/// implements <see cref="IJsonModel{TSelf}"/>. Property names are camelCase unless
/// <see cref="System.Text.Json.Serialization.JsonPropertyNameAttribute"/> says otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class JsonModelAttribute : Attribute
{
    /// <summary>Leave out properties whose value is null instead of writing <c>null</c>.</summary>
    public bool OmitNulls { get; set; }
}
