using System.ComponentModel;
using AotSuite.Http.Parsing;

namespace AotSuite.Web;

/// <summary>
/// Routes under a common prefix with their own middleware (<c>app.MapGroup("/api").Use(auth)</c>). The app itself is
/// the root group. <c>MapGet</c> and friends are replaced at compile time by the AotSuite.Web generator.
/// </summary>
public class RouteGroup
{
    private readonly List<Middleware> middleware = [];
    // Where each middleware was added, as the generator names the Use call site; null for one it did not intercept.
    private readonly List<string?> sites = [];

    private protected RouteGroup(WebApp? app, RouteGroup? parent, string prefix)
    {
        App = app ?? (WebApp)this;
        Parent = parent;
        Prefix = prefix;
    }

    /// <summary>The full prefix, the enclosing groups' included.</summary>
    public string Prefix { get; }

    internal WebApp App { get; }

    internal RouteGroup? Parent { get; }

    internal IReadOnlyList<Middleware> OwnMiddleware => middleware;

    internal IReadOnlyList<string?> OwnSites => sites;

    /// <summary>Adds middleware that runs, in the order added, for every route of this group (for the app: every request).</summary>
    public RouteGroup Use(Middleware next) => Use(next, null);

    /// <summary>
    /// Adds middleware from the call site <paramref name="site"/>; the generator's interceptors call this in place of
    /// <c>Use</c>, so the app can check at start-up that a route's chain is the one composed at compile time.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public RouteGroup Use(Middleware next, string? site)
    {
        ArgumentNullException.ThrowIfNull(next);
        App.ThrowIfStarted();
        middleware.Add(next);
        sites.Add(site);
        return this;
    }

    public RouteGroup MapGroup(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (!prefix.StartsWith('/')) throw new ArgumentException($"group prefix '{prefix}' must start with '/'", nameof(prefix));
        var group = new RouteGroup(App, this, Routing.RouteTemplate.Join(Prefix, prefix));
        App.AddGroup(group);
        return group;
    }

    public RouteGroup MapGet(string pattern, Delegate handler) => throw NotIntercepted(pattern);

    public RouteGroup MapPost(string pattern, Delegate handler) => throw NotIntercepted(pattern);

    public RouteGroup MapPut(string pattern, Delegate handler) => throw NotIntercepted(pattern);

    public RouteGroup MapDelete(string pattern, Delegate handler) => throw NotIntercepted(pattern);

    public RouteGroup MapPatch(string pattern, Delegate handler) => throw NotIntercepted(pattern);

    /// <summary>Registers a generated endpoint; the generator's interceptors call this in place of <c>MapGet</c> and friends.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public RouteGroup Map(HttpMethod method, string pattern, Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        App.AddRoute(this, method, Routing.RouteTemplate.Join(Prefix, pattern), endpoint);
        return this;
    }

    private static InvalidOperationException NotIntercepted(string pattern) =>
        new($"route '{pattern}' was not compiled by the AotSuite.Web generator: reference AotSuite.Web as a package (or its generator as an analyzer) and add 'AotSuite.Web.Generated' to <InterceptorsNamespaces>");
}
