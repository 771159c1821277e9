using Microsoft.CodeAnalysis;

namespace AotSuite.Web.Generators;

internal static class Diagnostics
{
    private const string Category = "AotSuite.Web";

    public static readonly DiagnosticDescriptor DuplicateRoute = new(
        "AOT1001",
        "Two handlers claim the same route",
        "route '{0} {1}' is already mapped at {2}; remove one of them or give it another method or path",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TemplateParameterUnbound = new(
        "AOT1002",
        "Route parameter has no handler parameter",
        "route '{0}' has parameter '{1}', but the handler has no parameter '{1}'; rename one of them",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor HandlerParameterNotInTemplate = new(
        "AOT1003",
        "Handler parameter is not in the route",
        "handler parameter '{0}' is bound [FromRoute], but route '{1}' has no parameter '{0}'; add '{{{0}}}' to the route or bind it from elsewhere",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidTemplate = new(
        "AOT1004",
        "Route template is invalid",
        "{0}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedType = new(
        "AOT1005",
        "Handler parameter or return type is not supported",
        "{0}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor PatternNotConstant = new(
        "AOT1006",
        "Route pattern is not a constant",
        "the route pattern must be a constant string so that it can be checked and compiled; use a literal or a const",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>Info, not a warning: the route works; it runs the run-time chain, which costs a little more per request.</summary>
    public static readonly DiagnosticDescriptor ChainAtRunTime = new(
        "AOT1007",
        "Middleware chain is composed at run time",
        "the middleware chain of route '{0} {1}' is composed at run time: '{2}' is not a local made by WebApp.Create or MapGroup in this method, so its Use calls cannot be seen here; map the route where its group is made to get the compiled chain",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true);
}
