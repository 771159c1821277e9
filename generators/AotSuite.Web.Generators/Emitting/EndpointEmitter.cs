using System.Linq;
using AotSuite.Generators;
using AotSuite.Web.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace AotSuite.Web.Generators.Emitting;

/// <summary>
/// Writes one call site's interceptor and its endpoint class: the interceptor registers the endpoint in place of
/// <c>MapGet</c>; the endpoint binds each parameter from bytes and writes the result, with no delegate or boxing per request.
/// </summary>
internal static class EndpointEmitter
{
    private const string Bind = "global::AotSuite.Web.Binding.Bind";
    private const string ValueTask = "global::System.Threading.Tasks.ValueTask";
    private const string Context = "global::AotSuite.Web.WebContext";

    public static string Emit(EndpointModel model) => InterceptorFile.Emit(w =>
    {
        EmitInterceptor(w, model);
        w.Line();
        EmitEndpoint(w, model);
    });

    private static void EmitInterceptor(SourceWriter w, EndpointModel model)
    {
        using (w.Block("file static class Interceptor"))
        {
            InterceptorFile.Head(w, model.LocationVersion, model.LocationData, $"{model.DisplayLocation}: Map{model.Method}(\"{model.Pattern}\")");
            using (w.Block("public static global::AotSuite.Web.RouteGroup Map(this global::AotSuite.Web.RouteGroup group, string pattern, global::System.Delegate handler)"))
            {
                if (model.ShapeLambda is null)
                {
                    w.Line($"var typed = ({model.DelegateType})handler;");
                }
                else
                {
                    // The delegate's own type is anonymous or custom: recover it from a lambda of the same shape, then adapt.
                    var cast = model.ShapeLambda.Contains("=>") ? $"Cast(handler, {model.ShapeLambda})" : $"({model.ShapeLambda})handler";
                    var names = string.Join(", ", model.Parameters.Select(static (_, i) => "a" + i));
                    w.Line($"var exact = {cast};");
                    w.Line($"{model.DelegateType} typed = ({names}) => exact({names});");
                }
                w.Line($"return group.Map(global::AotSuite.Http.Parsing.HttpMethod.{model.Method}, pattern, new Endpoint(typed));");
            }
            if (model.ShapeLambda is not null && model.ShapeLambda.Contains("=>"))
            {
                w.Line();
                w.Line("private static T Cast<T>(global::System.Delegate handler, T shape) where T : global::System.Delegate => (T)handler;");
            }
        }
    }

    private static void EmitEndpoint(SourceWriter w, EndpointModel model)
    {
        var routeNames = model.Parameters.Where(static p => p.Source == ParameterSource.Route).Select(static p => Literal(p.Key));
        w.Line(InterceptorFile.Attributes);
        using (w.Block($"file sealed class Endpoint({model.DelegateType} handler) : global::AotSuite.Web.Endpoint([{string.Join(", ", routeNames)}])"))
        {
            var services = model.Parameters.Select(static (p, i) => (p, i)).Where(static x => x.p.Source == ParameterSource.Service).ToList();
            foreach (var (p, i) in services) w.Line($"private {p.Type.TrimEnd('?')}? service{i};");
            if (services.Count > 0) w.Line();
            using (w.Block($"public override {ValueTask} InvokeAsync({Context} context)"))
            {
                var route = 0;
                for (var i = 0; i < model.Parameters.Count; i++) EmitBinding(w, model.Parameters[i], i, ref route);
                var args = string.Join(", ", model.Parameters.Select(static (_, i) => "p" + i));
                EmitCall(w, model.Result, $"handler({args})");
            }
            for (var i = 0; i < model.Parameters.Count; i++)
            {
                if (model.Parameters[i].Parse == ValueParse.Enum) EmitEnumParser(w, model.Parameters[i], i);
            }
            EmitWriters(w, model.Result);
            if (model.Chain is { Count: > 0 } chain) EmitChain(w, chain);
        }
    }

    /// <summary>
    /// The middleware chain composed at compile time: each step a direct call to its middleware (to a built-in's runner
    /// method, or else through the delegate the app received), the last <c>next</c> a direct (devirtualised) call to this
    /// handler. The app uses it when the run-time <c>Use</c> calls match these sites and each built-in is the runner expected.
    /// </summary>
    private static void EmitChain(SourceWriter w, EquatableArray<ChainStep> chain)
    {
        const string Middleware = "global::AotSuite.Web.Middleware";
        w.Line();
        w.Line($"private static readonly string[] sites = [{string.Join(", ", chain.Select(static s => Literal(s.Site)))}];");
        for (var i = 0; i < chain.Count; i++) w.Line($"private {chain[i].Runner ?? Middleware} m{i} = null!;");
        w.Line();
        w.Line("protected override string[] ComposedSites => sites;");
        w.Line();
        using (w.Block($"protected override bool Compose({Middleware}[] pipeline)"))
        {
            for (var i = 0; i < chain.Count; i++)
            {
                if (chain[i].Runner is { } runner)
                {
                    w.Line($"if (pipeline[{i}].Target is not {runner} r{i}) return false;");
                    w.Line($"m{i} = r{i};");
                }
                else
                {
                    w.Line($"m{i} = pipeline[{i}];");
                }
            }
            w.Line("return true;");
        }
        w.Line();
        using (w.Block($"protected override {ValueTask} Step({Context} context, int position)"))
        {
            using (w.Block("switch (position)"))
            {
                for (var i = 0; i < chain.Count; i++)
                    w.Line($"case {i}: return m{i}{(chain[i].Runner is null ? "" : ".InvokeAsync")}(context, context.Next({i + 1}));");
                w.Line("default: return InvokeAsync(context);");
            }
        }
    }

    private static void EmitBinding(SourceWriter w, ParameterModel p, int i, ref int route)
    {
        var name = Literal(p.Name);
        switch (p.Source)
        {
            case ParameterSource.WebContext: w.Line($"var p{i} = context;"); return;
            case ParameterSource.HttpContext: w.Line($"var p{i} = context.Http;"); return;
            case ParameterSource.HttpRequest: w.Line($"var p{i} = context.Request;"); return;
            case ParameterSource.HttpResponse: w.Line($"var p{i} = context.Response;"); return;
            case ParameterSource.Body: w.Line($"var p{i} = context.ReadJson<{p.Type.TrimEnd('?')}, {p.Codec}>();"); return;
            case ParameterSource.Service: w.Line($"var p{i} = service{i} ??= context.Services.Get<{p.Type.TrimEnd('?')}>();"); return;
        }

        string found;
        string from;
        switch (p.Source)
        {
            case ParameterSource.Route:
                w.Line($"var raw{i} = RouteValue(context, this, {route++});");
                // A matched segment is always there; only an optional one can be absent (a catch-all may be empty).
                found = p.Optional ? $"!raw{i}.IsEmpty" : "true";
                from = "route";
                break;
            case ParameterSource.Query:
                found = $"{Bind}.TryQuery(context, {Utf8(p.Key)}, out var raw{i})";
                from = "query";
                break;
            default:
                found = $"{Bind}.TryHeader(context, {Utf8(p.Key)}, out var raw{i})";
                from = "header";
                break;
        }
        var parse = p.Parse switch
        {
            ValueParse.Text => $"{Bind}.Text(raw{i}, query: {(p.Source == ParameterSource.Query ? "true" : "false")})",
            ValueParse.Boolean => $"{Bind}.Boolean(raw{i}, {name})",
            ValueParse.Enum => $"Enum{i}(raw{i}, {name})",
            _ => $"{Bind}.Value<{p.ValueType}>(raw{i}, {name})",
        };
        // Cast to the parameter's type, so a nullable's conditional reads null (not the value type's default) when absent.
        if (p.Type != p.ValueType) parse = $"({p.Type}){parse}";
        var absent = p.DefaultValue ?? (p.Optional ? "default" : $"throw {Bind}.Missing({name}, \"{from}\")");
        w.Line(found == "true" ? $"{p.Type} p{i} = {parse};" : $"{p.Type} p{i} = {found} ? {parse} : {absent};");
    }

    /// <summary>
    /// An enum's names compared as bytes, ignoring ASCII case, so binding one makes no string; anything else (a
    /// percent-encoded name, a combination, a wrong value) takes the general path and its error.
    /// </summary>
    private static void EmitEnumParser(SourceWriter w, ParameterModel p, int i)
    {
        w.Line();
        using (w.Block($"private static {p.ValueType} Enum{i}(global::System.ReadOnlySpan<byte> raw, string name)"))
        {
            foreach (var member in p.EnumMembers)
                w.Line($"if (global::System.Text.Ascii.EqualsIgnoreCase(raw, {Utf8(member)})) return {p.ValueType}.{(SyntaxFacts.GetKeywordKind(member) == SyntaxKind.None ? member : "@" + member)};");
            w.Line($"return {Bind}.Enum<{p.ValueType}>(raw, name);");
        }
    }

    private static void EmitCall(SourceWriter w, ResultModel result, string call)
    {
        if (result.Awaited is null)
        {
            if (result.Kind == ResultKind.None)
            {
                w.Line($"{call};");
                w.Line("return default;");
                return;
            }
            w.Line($"Write(context, {call});");
            w.Line("return default;");
            return;
        }
        w.Line($"var pending = {call};");
        if (result.Kind == ResultKind.None)
        {
            w.Line($"return pending.IsCompletedSuccessfully ? default : Await(pending);");
            return;
        }
        using (w.Block("if (pending.IsCompletedSuccessfully)"))
        {
            w.Line("Write(context, pending.Result);");
            w.Line("return default;");
        }
        w.Line("return Await(pending, context);");
    }

    private static void EmitWriters(SourceWriter w, ResultModel result)
    {
        if (result.Awaited is not null)
        {
            var task = result.Kind == ResultKind.None
                ? $"global::System.Threading.Tasks.{result.Awaited}"
                : $"global::System.Threading.Tasks.{result.Awaited}<{result.Type}>";
            w.Line();
            if (result.Kind == ResultKind.None)
                w.Line($"private static async {ValueTask} Await({task} pending) => await pending;");
            else
                w.Line($"private static async {ValueTask} Await({task} pending, {Context} context) => Write(context, await pending);");
        }
        if (result.Kind == ResultKind.None) return;
        w.Line();
        using (w.Block($"private static void Write({Context} context, {result.Type} result)"))
        {
            if (result.CanBeNull)
            {
                using (w.Block("if (result is null)"))
                {
                    w.Line("context.WriteProblem(404, \"nothing was found here\");");
                    w.Line("return;");
                }
            }
            w.Line(result.Kind switch
            {
                ResultKind.Json => $"context.WriteJson<{result.Type.TrimEnd('?')}, {result.Codec}>(result);",
                ResultKind.JsonList => $"context.WriteJsonArray<{result.ElementType}, {result.Codec}>(result);",
                ResultKind.Text => "context.WriteText(result);",
                _ => "result.Execute(context);",
            });
        }
    }

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    private static string Utf8(string text) => Literal(text) + "u8";
}
