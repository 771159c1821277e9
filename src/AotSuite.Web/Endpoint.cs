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
