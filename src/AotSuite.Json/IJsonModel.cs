using System.Text.Json;

namespace AotSuite.Json;

/// <summary>Implemented by the generator for every <see cref="JsonModelAttribute"/> type.</summary>
public interface IJsonModel<TSelf> where TSelf : IJsonModel<TSelf>
{
    /// <summary>Writes <paramref name="value"/> as one JSON object.</summary>
    static abstract void WriteJson(Utf8JsonWriter writer, TSelf value);

    /// <summary>Reads one JSON object; the reader stands on its first token. Throws <see cref="JsonModelException"/>.</summary>
    static abstract TSelf ReadJson(ref Utf8JsonReader reader);
}
