using System.Net;
using System.Runtime.InteropServices;
using AotSuite.Http.Connection;
using AotSuite.Http.Parsing;
using AotSuite.Web.Binding;
using AotSuite.Web.Routing;

namespace AotSuite.Web;

/// <summary>
/// The application: services, middleware, routes, and the server that runs them.
/// <code>
/// var app = WebApp.Create(args);
/// app.Use(async (ctx, next) =&gt; { await next(); });
/// app.MapGet("/users/{id:int}", (int id, Db db) =&gt; db.Find(id));
/// app.Run();
/// </code>
/// </summary>
public sealed class WebApp : RouteGroup, IAsyncDisposable
{
    private readonly List<(RouteGroup Group, HttpMethod Method, string Pattern, Endpoint Endpoint)> routes = [];
    private readonly List<RouteGroup> groups = [];
    private readonly RouteTrie trie = new();
    // Each group with middleware of its own claims "<prefix>/{*rest}" here: a request under its prefix that no route
    // answers gets its 404 through the group's pipeline (as a Fastify plugin's hooks run for its own 404s), so the
    // group's CORS, auth or logging see it too.
    private readonly RouteTrie groupTrie = new();
    private readonly Endpoint notFound = new StatusEndpoint(404);
    private HttpServer? server;
    private bool built;

    private WebApp(WebAppOptions options)
        : base(null, null, "") => Options = options;

    public static WebApp Create(string[]? args = null) => new(WebAppOptions.FromArgs(args ?? []));

    public static WebApp Create(WebAppOptions options) => new(options ?? throw new ArgumentNullException(nameof(options)));

    public WebAppOptions Options { get; }

    public ServiceRegistry Services { get; } = new();

    /// <summary>The port the server listens on, once started (the real one when 0 was asked for).</summary>
    public int Port => server?.Port ?? throw new InvalidOperationException("the app has not started");

    /// <summary>What serves the connections, once started: "sockets", "io_uring", or "sockets (io_uring refused: why)".</summary>
    public string Transport => server?.Transport ?? throw new InvalidOperationException("the app has not started");

    public string Url => $"http://{(Options.Host.Contains(':') ? $"[{Options.Host}]" : Options.Host)}:{Port}";

    /// <summary>Builds the route table and the middleware pipelines, then starts listening.</summary>
    public void Start()
    {
        ThrowIfStarted();
        Build();
        if (!IPAddress.TryParse(Options.Host, out var address))
            address = Options.Host == "localhost" ? IPAddress.Loopback : throw new ArgumentException($"host '{Options.Host}' is not an IP address");
        try
        {
            server = HttpServer.Start(Options.Server with { EndPoint = new IPEndPoint(address, Options.Port) }, HandleAsync);
        }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            throw new InvalidOperationException($"{Options.Host}:{Options.Port} is already in use; stop what listens there or choose another port (--port)", e);
        }
    }

    /// <summary>The route table and pipelines, once; tests and benchmarks call it to serve without a socket.</summary>
    internal void Build()
    {
        if (built) return;
        built = true;
        foreach (var (group, method, pattern, endpoint) in routes)
        {
            var template = RouteTemplate.Parse(pattern);
            endpoint.Bind(template);
            endpoint.Method = method;
            endpoint.Pattern = pattern;
            endpoint.UseChain(PipelineOf(group), SitesOf(group));
            trie.Add(method, template, endpoint);
        }
        notFound.Pipeline = PipelineOf(this);
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var pipeline = PipelineOf(group);
            var template = RouteTemplate.Parse(RouteTemplate.Join(group.Prefix, "/{*__rest}"));
            // The first group of a prefix answers its 404s; a group without middleware of its own answers as the app does.
            if (pipeline.Length == notFound.Pipeline.Length || !prefixes.Add(template.Shape)) continue;
            var fallback = new StatusEndpoint(404) { Pipeline = pipeline };
            for (var method = HttpMethod.Get; method < HttpMethod.Custom; method++) groupTrie.Add(method, template, fallback);
        }
    }

    /// <summary>Starts, prints where it listens, and serves until SIGINT/SIGTERM or <paramref name="cancellation"/>; then stops gracefully.</summary>
    public async Task RunAsync(CancellationToken cancellation = default)
    {
        Start();
        Console.WriteLine($"listening on {Url}");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await DisposeAsync();

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    public void Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>Stops gracefully: no new connections, in-flight requests answered (see HttpServerOptions.ShutdownTimeout).</summary>
    public async ValueTask DisposeAsync()
    {
        if (server is { } running)
        {
            server = null;
            await running.DisposeAsync();
        }
    }

    /// <summary>Every route's endpoint, in the order mapped (tests check which run a compiled chain).</summary>
    internal IEnumerable<Endpoint> Endpoints => routes.Select(static r => r.Endpoint);

    internal void ThrowIfStarted()
    {
        if (server is not null || built) throw new InvalidOperationException("the app has already started; add middleware and routes before Start/Run");
    }

    internal void AddGroup(RouteGroup group)
    {
        ThrowIfStarted();
        groups.Add(group);
    }

    internal void AddRoute(RouteGroup group, HttpMethod method, string pattern, Endpoint endpoint)
    {
        ThrowIfStarted();
        routes.Add((group, method, pattern, endpoint));
    }

    private static Middleware[] PipelineOf(RouteGroup group) => [.. Enclosing(group).SelectMany(static g => g.OwnMiddleware)];

    private static string?[] SitesOf(RouteGroup group) => [.. Enclosing(group).SelectMany(static g => g.OwnSites)];

    /// <summary>The app, then each group down to <paramref name="group"/>: the order their middleware runs in.</summary>
    private static List<RouteGroup> Enclosing(RouteGroup group)
    {
        var chain = new List<RouteGroup>();
        for (var g = group; g is not null; g = g.Parent) chain.Insert(0, g);
        return chain;
    }

    internal ValueTask HandleAsync(HttpContext http)
    {
        var context = http.ConnectionState as WebContext;
        if (context is null) http.ConnectionState = context = new WebContext(this, http, Math.Max(trie.MaxParameters, groupTrie.MaxParameters));
        var request = http.Request;
        // An optional segment the request left out must read as absent, not as the previous request's value.
        context.Captures.Fill((-1, 0));
        var node = trie.Match(request.Path, request.Method, context.Captures, out var pathOnly);
        var endpoint = node is null ? NotAllowedOrNotFound(pathOnly, request.Path, request.Method, context.Captures)
            : node.Endpoints[(int)request.Method] ?? node.Endpoints[(int)HttpMethod.Get]!;
        try
        {
            var pending = context.RunAsync(endpoint.Pipeline, endpoint);
            return pending.IsCompletedSuccessfully ? default : AwaitAsync(pending, context);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            Fail(context, e);
            return default;
        }
    }

    // A failure after a streamed head went out cannot become an error answer: it propagates, and the connection is cut.
    private static async ValueTask AwaitAsync(ValueTask pending, WebContext context)
    {
        try
        {
            await pending;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            Fail(context, e);
        }
    }

    /// <summary>Built-in error handling: 400 for a request the handler cannot take, 500 (no details unless development) otherwise.</summary>
    private static void Fail(WebContext context, Exception e)
    {
        context.Response.Clear();
        context.RestoreKeptHeaders();
        if (e is BadRequestException bad)
        {
            context.WriteProblem(400, bad.Message, bad.Field);
            return;
        }
        Console.Error.WriteLine($"error: {context.Request.Method} {System.Text.Encoding.UTF8.GetString(context.Request.Path)}: {e}");
        context.WriteProblem(500, context.IsDevelopment ? e.Message : "the server failed to answer this request", exception: e);
    }

    private Endpoint NotAllowedOrNotFound(RouteNode? pathOnly, ReadOnlySpan<byte> path, HttpMethod method, Span<(int Start, int Length)> captures)
    {
        if (pathOnly is null)
        {
            var group = groupTrie.Match(path, method, captures, out _);
            return group is null ? notFound : group.Endpoints[(int)method]!;
        }
        if (pathOnly.MethodNotAllowed is { } known) return known;
        var allowed = Enumerable.Range(0, pathOnly.Endpoints.Length).Where(i => pathOnly.Endpoints[i] is not null)
            .Select(static i => ((HttpMethod)i).ToString().ToUpperInvariant()).ToList();
        if (allowed.Contains("GET") && !allowed.Contains("HEAD")) allowed.Add("HEAD");
        // The path's routes belong to a group: its middleware answers (a group's CORS takes the preflight, say).
        var owner = pathOnly.Endpoints.First(static e => e is not null)!;
        var endpoint = new StatusEndpoint(405, string.Join(", ", allowed)) { Pipeline = owner.Pipeline };
        pathOnly.MethodNotAllowed = endpoint;
        return endpoint;
    }

    /// <summary>The answer when no route matches: 404, or 405 with the Allow header.</summary>
    private sealed class StatusEndpoint(int status, string? allow = null) : Endpoint([])
    {
        private readonly byte[]? allowBytes = allow is null ? null : System.Text.Encoding.ASCII.GetBytes(allow);

        public override ValueTask InvokeAsync(WebContext context)
        {
            if (allowBytes is not null) context.Response.AddHeader("Allow"u8, allowBytes);
            context.WriteProblem(status, status == 404 ? "no route matches this path" : "the route does not accept this method");
            return default;
        }
    }
}
