using AotSuite.Generators;
using AotSuite.Web.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace AotSuite.Web.Generators.Emitting;

/// <summary>Writes the interceptor of one <c>Use</c> call: the same registration, tagged with its site so the app can match compiled chains.</summary>
internal static class UseSiteEmitter
{
    private static readonly string Attributes = GeneratedCode.Attributes("AotSuite.Web.Generators");

    public static string Emit(UseSiteModel model)
    {
        var w = new SourceWriter();
        w.Line(GeneratedCode.Header);
        EndpointEmitter.EmitInterceptsLocationAttribute(w);
        w.Line();
        using (w.Block("namespace AotSuite.Web.Generated"))
        using (w.Block("file static class Interceptor"))
        {
            w.Line($"// {model.DisplayLocation}: Use");
            w.Line($"[global::System.Runtime.CompilerServices.InterceptsLocation({model.LocationVersion}, {SymbolDisplay.FormatLiteral(model.LocationData, quote: true)})]");
            w.Line(Attributes);
            w.Line("public static global::AotSuite.Web.RouteGroup Use(this global::AotSuite.Web.RouteGroup group, global::AotSuite.Web.Middleware next) =>");
            w.Line($"    group.Use(next, {SymbolDisplay.FormatLiteral(model.Site, quote: true)});");
        }
        return w.ToString();
    }
}
