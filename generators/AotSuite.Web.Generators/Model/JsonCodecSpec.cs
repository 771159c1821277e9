using AotSuite.Generators.Json;

namespace AotSuite.Web.Generators.Model;

/// <summary>
/// A reader and writer the web generator writes for a type without [JsonModel] that a handler reads or returns (or
/// one of the types inside it): a struct <see cref="Name"/> in <c>AotSuite.Web.Generated</c> implementing <c>IJsonCodec</c>.
/// Every call site that meets the type yields an equal spec; the emitter writes each name once.
/// </summary>
internal sealed record JsonCodecSpec(string Name, JsonObjectSpec Object);
