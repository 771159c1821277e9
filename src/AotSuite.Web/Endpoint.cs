using System.ComponentModel;
using AotSuite.Http.Parsing;

namespace AotSuite.Web;

/// <summary>
/// A route's handler with its parameter binding. The generator writes one sealed subclass per handler shape (one call to
/// <see cref="InvokeAsync"/> per request, no delegate per request); user code does not derive from it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class Endpoint
{
    private int[] slots = [];

    /// <param name="routeParameters">The handler's route-bound parameters, by template name.</param>
    protected Endpoint(string[] routeParameters) => RouteParameters = routeParameters;

    internal string[] RouteParameters { get; }

    /// <summary>Every parameter name of the full template, in capture order.</summary>
    internal string[] TemplateParameters { get; private set; } = [];

    internal HttpMethod Method { get; set; }

    internal string Pattern { get; set; } = "";

    /// <summary>App middleware, then each enclosing group's, composed once when the app starts.</summary>
    internal Middleware[] Pipeline { get; set; } = [];

    /// <summary>True when the route runs the chain the generator composed (<see cref="Step"/>) rather than <see cref="Pipeline"/>.</summary>
    internal bool Composed { get; private set; }

    /// <summary>
    /// The <c>Use</c> call sites the generator found ahead of this route (app first, then each enclosing group), in
    /// order; null when the chain is not knowable at compile time (a group handed to a helper method, say).
    /// </summary>
    protected virtual string[]? ComposedSites => null;

    /// <summary>
    /// Hands the generated chain the middleware it calls, once the app has checked the chain is the one it composed.
    /// False when a step the generator took for a built-in (called directly, not through its delegate) received
    /// something else: the route then runs the run-time chain.
    /// </summary>
    protected virtual bool Compose(Middleware[] pipeline) => false;

    /// <summary>The generated chain from <paramref name="position"/>: a direct call to that middleware, or past the last one, to the handler.</summary>
    protected virtual ValueTask Step(WebContext context, int position) => InvokeAsync(context);

    internal ValueTask StepAsync(WebContext context, int position) => Step(context, position);

    /// <summary>
    /// Uses the compiled chain when the middleware added at run time came from exactly the call sites the generator saw,
    /// in the same order; otherwise (a conditional <c>Use</c> that did not run, one in a loop or a helper) the run-time chain.
    /// </summary>
    internal void UseChain(Middleware[] pipeline, string?[] sites)
    {
        Pipeline = pipeline;
        Composed = ComposedSites is { } expected && expected.AsSpan().SequenceEqual(sites!) && Compose(pipeline);
    }

    /// <summary>Runs the handler: binds its parameters from <paramref name="context"/> and writes its result.</summary>
    public abstract ValueTask InvokeAsync(WebContext context);

    /// <summary>The captured value of the handler's <paramref name="index"/>th route parameter.</summary>
    protected static ReadOnlySpan<byte> RouteValue(WebContext context, Endpoint endpoint, int index) =>
        context.CapturedValue(endpoint.slots[index]);

    /// <summary>Maps the handler's route parameters to capture positions in the full template (group prefix included).</summary>
    internal void Bind(Routing.RouteTemplate template)
    {
        var names = template.ParameterNames.ToList();
        TemplateParameters = [.. names];
        slots = new int[RouteParameters.Length];
        for (var i = 0; i < RouteParameters.Length; i++)
        {
            slots[i] = names.FindIndex(n => string.Equals(n, RouteParameters[i], StringComparison.OrdinalIgnoreCase));
            if (slots[i] < 0)
                throw new InvalidOperationException($"route '{template.Text}' has no parameter '{RouteParameters[i]}', but its handler binds one; rename one of them");
        }
    }
}
