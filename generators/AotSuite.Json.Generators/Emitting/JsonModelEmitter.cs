using System.Collections.Generic;
using AotSuite.Generators;
using AotSuite.Generators.Json;
using AotSuite.Json.Generators.Model;

namespace AotSuite.Json.Generators.Emitting;

/// <summary>Re-opens a [JsonModel] type and gives it the reader and writer that make it an <c>IJsonModel</c>.</summary>
internal static class JsonModelEmitter
{
    private static readonly JsonObjectEmitter Members = new("AotSuite.Json.Generators");

    public static string Emit(JsonModelSpec model)
    {
        var w = new SourceWriter();
        w.Line(GeneratedCode.Header);
        var scopes = new List<System.IDisposable>();
        if (model.Namespace is not null) scopes.Add(w.Block($"namespace {model.Namespace}"));
        foreach (var outer in model.ContainingDeclarations) scopes.Add(w.Block(outer));

        using (w.Block($"{model.Declaration} : global::AotSuite.Json.IJsonModel<{model.Object.FullName}>"))
        {
            Members.EmitMembers(w, model.Object);
        }

        for (var i = scopes.Count - 1; i >= 0; i--) scopes[i].Dispose();
        return w.ToString();
    }
}
