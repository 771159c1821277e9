using AotSuite.Web.Generators.Model;

namespace AotSuite.Web.Generators.Emitting;

/// <summary>Writes the interceptor of one <c>Results.Ok/Json/Created</c> call: the same answer, written by the value's codec.</summary>
internal static class ResultCallEmitter
{
    private const string Results = "global::AotSuite.Web.Results";
    private const string Result = "global::AotSuite.Web.IResult";

    public static string Emit(ResultCallModel model)
    {
        var type = model.ValueType;
        var bare = type.TrimEnd('?');
        // A nullable-annotated argument still reaches the codec as the type itself; null is the caller's to avoid.
        var value = type == bare ? "value" : "value!";
        var call = $"{model.DisplayLocation}: Results.{(model.Kind == ResultCallKind.JsonList ? "Json" : model.Kind.ToString())}";
        return InterceptorFile.EmitSingle(model.LocationVersion, model.LocationData, call, w => w.Line(model.Kind switch
        {
            ResultCallKind.Ok => $"public static {Result} Ok({type} value) => {Results}.Json<{bare}, {model.Codec}>({value}, 200, null);",
            ResultCallKind.Json => $"public static {Result} Json({type} value, int status) => {Results}.Json<{bare}, {model.Codec}>({value}, status, null);",
            ResultCallKind.Created => $"public static {Result} Created(string location, {type} value) => {Results}.Json<{bare}, {model.Codec}>({value}, 201, location);",
            _ => $"public static {Result} Json(global::System.Collections.Generic.IReadOnlyList<{type}> values, int status) => {Results}.JsonArray<{type}, {model.Codec}>(values, status);",
        }));
    }
}
