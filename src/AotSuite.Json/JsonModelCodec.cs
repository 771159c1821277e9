using System.Text.Json;

namespace AotSuite.Json;

/// <summary>The codec of a [JsonModel] type: its own generated reader and writer. A struct, so generic code over it is specialised.</summary>
public readonly struct JsonModelCodec<T> : IJsonCodec<T> where T : IJsonModel<T>
{
    public static void WriteJson(Utf8JsonWriter writer, T value) => T.WriteJson(writer, value);

    public static T ReadJson(ref Utf8JsonReader reader) => T.ReadJson(ref reader);
}
