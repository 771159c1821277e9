using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AotSuite.Generators;
using AotSuite.Web.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AotSuite.Web.Generators.Parsing;

/// <summary>
/// Finds <c>Use</c> call sites, and for a route the sites of its chain: the app's <c>Use</c> calls, then each enclosing
/// group's, when every group on the way is a local the code can follow (<c>var admin = app.MapGroup("/admin")</c> back to
/// <c>WebApp.Create</c>). The app checks at start-up that the middleware it received came from exactly these sites; the
/// guess need not be perfect, only usually right (a <c>Use</c> behind an <c>if</c> that did not run falls back).
/// </summary>
internal static class MiddlewareChainParser
{
    private const string RouteGroupType = "AotSuite.Web.RouteGroup";
    private const string WebAppType = "AotSuite.Web.WebApp";
    private const string WebContextType = "AotSuite.Web.WebContext";
    private const string MiddlewareType = "AotSuite.Web.Middleware";
    private const string NextType = "AotSuite.Web.Next";

    /// <summary>Cheap syntax filter: a call to a member named <c>Use</c> with one argument.</summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken _) => IsUseSyntax(node);

    public static UseSiteModel? Parse(GeneratorSyntaxContext context, CancellationToken cancellation)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        if (!IsUse(context.SemanticModel, invocation, cancellation)) return null;
#pragma warning disable RSEXPERIMENTAL002 // GetInterceptableLocation is the supported way to find an interceptable call.
        var interceptable = context.SemanticModel.GetInterceptableLocation(invocation, cancellation);
#pragma warning restore RSEXPERIMENTAL002
        if (interceptable is null) return null;
        var display = interceptable.GetDisplayLocation();
        return new UseSiteModel(interceptable.Version, interceptable.Data, display,
            "AotSuite.Web.Use." + EndpointParser.HintSafe(display) + ".g.cs", SiteOf(invocation));
    }

    /// <summary>The chain's steps for the route mapped by <paramref name="map"/>, outermost first; null when not followable.</summary>
    public static EquatableArray<ChainStep>? ChainOf(SemanticModel model, InvocationExpressionSyntax map, CancellationToken cancellation)
    {
        var groups = new List<ILocalSymbol>();
        var receiver = ((MemberAccessExpressionSyntax)map.Expression).Expression;
        while (true)
        {
            if (model.GetSymbolInfo(receiver, cancellation).Symbol is not ILocalSymbol local
                || local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellation) is not VariableDeclaratorSyntax { Initializer.Value: InvocationExpressionSyntax made })
                return null;
            groups.Insert(0, local);
            if (model.GetSymbolInfo(made, cancellation).Symbol is not IMethodSymbol maker) return null;
            if (maker.Name == "Create" && maker.ContainingType.ToDisplayString() == WebAppType) break;
            if (maker.Name != "MapGroup" || maker.ContainingType.ToDisplayString() != RouteGroupType || made.Expression is not MemberAccessExpressionSyntax parent)
                return null;
            receiver = parent.Expression;
        }

        var steps = new List<ChainStep>();
        foreach (var group in groups)
        {
            var declarator = group.DeclaringSyntaxReferences[0].GetSyntax(cancellation);
            // The local's scope: its block, or the file's top-level statements.
            var scope = declarator.Ancestors().FirstOrDefault(static a => a is BlockSyntax or CompilationUnitSyntax);
            if (scope is null) return null;
            foreach (var use in scope.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(static i => IsUseSyntax(i)))
            {
                var on = ((MemberAccessExpressionSyntax)use.Expression).Expression;
                if (on is IdentifierNameSyntax && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(on, cancellation).Symbol, group)
                    && IsUse(model, use, cancellation))
                    steps.Add(new ChainStep(SiteOf(use), RunnerOf(model, use, cancellation)));
            }
        }
        return steps.ToEquatableArray();
    }

    /// <summary>
    /// The runner a built-in's factory wraps, when the <c>Use</c> argument calls one (<c>app.Use(Cors.Create(...))</c>): a
    /// static method returning <c>Middleware</c> on a type with a nested public sealed <c>Runner</c> whose public
    /// <c>ValueTask InvokeAsync(WebContext, Next)</c> the delegate is bound to. The compiled step calls that method
    /// directly; the app checks at start-up that the delegate's target is a runner of that type. Null otherwise.
    /// </summary>
    private static string? RunnerOf(SemanticModel model, InvocationExpressionSyntax use, CancellationToken cancellation)
    {
        if (use.ArgumentList.Arguments[0].Expression is not InvocationExpressionSyntax made
            || model.GetSymbolInfo(made, cancellation).Symbol is not IMethodSymbol { IsStatic: true } factory
            || factory.ReturnType.ToDisplayString() != MiddlewareType)
            return null;
        var runner = factory.ContainingType.GetTypeMembers("Runner")
            .FirstOrDefault(static t => t is { TypeKind: TypeKind.Class, IsSealed: true, DeclaredAccessibility: Accessibility.Public, Arity: 0 });
        var invoke = runner?.GetMembers("InvokeAsync").OfType<IMethodSymbol>().FirstOrDefault(static m =>
            m is { IsStatic: false, DeclaredAccessibility: Accessibility.Public, Parameters.Length: 2 }
            && m.ReturnType.ToDisplayString() == "System.Threading.Tasks.ValueTask"
            && m.Parameters[0].Type.ToDisplayString() == WebContextType
            && m.Parameters[1].Type.ToDisplayString() == NextType);
        return invoke is null || !Reachable(runner!) ? null : runner!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
    }

    /// <summary>
    /// Generated code sits in a file class of its own: the runner and every type around it must be public or internal, and
    /// none generic (the step's field could not name a type argument).
    /// </summary>
    private static bool Reachable(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.IsGenericType || t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal)) return false;
        }
        return true;
    }

    private static bool IsUseSyntax(SyntaxNode node) =>
        node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Use" }, ArgumentList.Arguments.Count: 1 };

    private static bool IsUse(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellation) =>
        model.GetSymbolInfo(invocation, cancellation).Symbol is IMethodSymbol { Name: "Use", Parameters.Length: 1 } use
        && use.ContainingType.ToDisplayString() == RouteGroupType;

    /// <summary>
    /// The id a site registers its middleware under: file name, line and column of <c>Use</c>. Two files of one name could
    /// share an id; harmless, since a compiled chain calls the middleware the app received, in the order received.
    /// </summary>
    private static string SiteOf(InvocationExpressionSyntax use)
    {
        var span = ((MemberAccessExpressionSyntax)use.Expression).Name.GetLocation().GetLineSpan();
        return $"{System.IO.Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
    }
}
