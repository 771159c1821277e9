using System.Text.Json;

namespace AotSuite.Json;

/// <summary>
/// Reads and writes <typeparamref name="T"/> from outside it: <see cref="JsonModelCodec{T}"/> for a [JsonModel] type, and
/// the codecs the web generator writes for the request and response types it finds in handler signatures.
/// </summary>
public interface IJsonCodec<T>
{
    static abstract void WriteJson(Utf8JsonWriter writer, T value);

    /// <summary>Reads one value; the reader stands on its first token. Throws <see cref="JsonModelException"/>.</summary>
    static abstract T ReadJson(ref Utf8JsonReader reader);
}
