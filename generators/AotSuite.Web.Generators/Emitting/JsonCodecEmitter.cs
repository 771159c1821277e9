using AotSuite.Generators;
using AotSuite.Generators.Json;
using AotSuite.Web.Generators.Model;

namespace AotSuite.Web.Generators.Emitting;

/// <summary>
/// Writes every discovered type's codec into one file, each name once: a struct implementing <c>IJsonCodec</c> whose
/// members are the JSON generator's own reader and writer code, so the two generators never disagree on the JSON.
/// </summary>
internal static class JsonCodecEmitter
{
    public const string HintName = "AotSuite.Web.Json.g.cs";
    private static readonly JsonObjectEmitter Members = new("AotSuite.Web.Generators");

    public static string Emit(EquatableArray<JsonCodecSpec> codecs)
    {
        var w = new SourceWriter();
        w.Line(GeneratedCode.Header);
        using (w.Block("namespace AotSuite.Web.Generated"))
        {
            for (var i = 0; i < codecs.Count; i++)
            {
                if (i > 0) w.Line();
                var codec = codecs[i];
                w.Line($"/// <summary>Reads and writes <c>{codec.Object.FullName.Replace("global::", "").Replace("<", "&lt;").Replace(">", "&gt;")}</c> as JSON (generated from the handlers that use it).</summary>");
                using (w.Block($"internal readonly struct {codec.Name} : global::AotSuite.Json.IJsonCodec<{codec.Object.FullName}>"))
                {
                    Members.EmitMembers(w, codec.Object);
                }
            }
        }
        return w.ToString();
    }
}
