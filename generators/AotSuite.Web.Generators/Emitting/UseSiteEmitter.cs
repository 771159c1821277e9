using AotSuite.Web.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace AotSuite.Web.Generators.Emitting;

/// <summary>Writes the interceptor of one <c>Use</c> call: the same registration, tagged with its site so the app can match compiled chains.</summary>
internal static class UseSiteEmitter
{
    public static string Emit(UseSiteModel model) =>
        InterceptorFile.EmitSingle(model.LocationVersion, model.LocationData, $"{model.DisplayLocation}: Use", w =>
        {
            w.Line("public static global::AotSuite.Web.RouteGroup Use(this global::AotSuite.Web.RouteGroup group, global::AotSuite.Web.Middleware next) =>");
            w.Line($"    group.Use(next, {SymbolDisplay.FormatLiteral(model.Site, quote: true)});");
        });
}
