using AotSuite.Generators.Tests.Harness;
using AotSuite.Web.Generators;
using Microsoft.CodeAnalysis;

namespace AotSuite.Generators.Tests.Web;

/// <summary>Use call sites, and each route's middleware chain composed from them at compile time.</summary>
public class MiddlewareChainGeneratorTests
{
    private const string App = """
        using AotSuite.Web;

        namespace Shop;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var app = WebApp.Create(args);
                app.Use(RequestId.Create());
                app.Use(async (ctx, next) => { await next(); });
                var admin = app.MapGroup("/admin");
                admin.Use(BodyLimit.Create(16));
                admin.MapGet("/users/{id:int}", (int id) => id.ToString());
                app.MapGet("/health", () => "ok");
                app.Run();
            }

            public static int Unrelated() => 1;
        }
        """;

    [Test]
    public async Task Composes_the_chain_of_app_and_group_middleware_into_the_endpoint()
    {
        var run = GeneratorHarness.Run(new WebGenerator(), App);
        await Assert.That(run.GeneratorDiagnostics).IsEmpty();
        var routes = run.Sources.Where(s => s.Key.StartsWith("AotSuite.Web.Routes.", StringComparison.Ordinal)).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        var uses = run.Sources.Where(s => s.Key.StartsWith("AotSuite.Web.Use.", StringComparison.Ordinal)).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        await Assert.That(uses.Count).IsEqualTo(3);
        await Snapshot.Matches(routes[0].Value, "ComposedGroupChain");
        await Snapshot.Matches(uses[0].Value, "UseInterceptor");
        // The app's own route: the app's two sites only.
        await Assert.That(routes[1].Value).Contains("private static readonly string[] sites = [\"Source0.cs(10,13)\", \"Source0.cs(11,13)\"];");
    }

    [Test]
    public async Task Composed_chains_compile_without_errors_or_warnings()
    {
        var run = GeneratorHarness.Run(new WebGenerator(), App);
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        await Assert.That(problems).IsEmpty();
    }

    [Test]
    public async Task Reports_AOT1007_and_composes_nothing_for_a_route_mapped_on_a_parameter()
    {
        var run = GeneratorHarness.Run(new WebGenerator(), """
            using AotSuite.Web;
            public static class Routes
            {
                public static void Map(RouteGroup api) => api.MapGet("/ping", () => "pong");
            }
            """);
        var (id, message, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT1007");
        await Assert.That(squiggle).IsEqualTo("api");
        await Assert.That(message).IsEqualTo("the middleware chain of route 'GET /ping' is composed at run time: 'api' is not a local made by WebApp.Create or MapGroup in this method, so its Use calls cannot be seen here; map the route where its group is made to get the compiled chain");
        await Assert.That(run.GeneratorDiagnostics.Single().Severity).IsEqualTo(DiagnosticSeverity.Info);
        await Assert.That(run.Sources.Single(s => s.Key.StartsWith("AotSuite.Web.Routes.", StringComparison.Ordinal)).Value).DoesNotContain("ComposedSites");
    }

    [Test]
    public async Task Keeps_every_step_cached_when_an_unrelated_file_is_added()
    {
        string[] steps = [WebGenerator.Steps.Parse, WebGenerator.Steps.Model, WebGenerator.Steps.UseSites];
        var reasons = StepCaching.AfterEdit(new WebGenerator(), App, StepCaching.AddUnrelatedFile, steps);
        await Assert.That(reasons.Where(r => r.Step == WebGenerator.Steps.UseSites).Count()).IsEqualTo(3);
        await Assert.That(reasons.Where(r => r.Step != WebGenerator.Steps.Claims
            && r.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))).IsEmpty();
    }

    [Test]
    public async Task A_Use_after_the_routes_joins_their_chains_as_it_does_at_run_time()
    {
        var run = GeneratorHarness.Run(new WebGenerator(), App.Replace("app.Run();", "app.Use(Cors.Create(new CorsOptions { Origins = [\"*\"] })); app.Run();", StringComparison.Ordinal));
        var routes = run.Sources.Where(s => s.Key.StartsWith("AotSuite.Web.Routes.", StringComparison.Ordinal)).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        await Assert.That(routes[0].Value).Contains("[\"Source0.cs(10,13)\", \"Source0.cs(11,13)\", \"Source0.cs(16,13)\", \"Source0.cs(13,15)\"]");
        await Assert.That(routes[1].Value).Contains("[\"Source0.cs(10,13)\", \"Source0.cs(11,13)\", \"Source0.cs(16,13)\"]");
    }

    [Test]
    public async Task Calls_a_built_in_directly_only_when_its_factory_is_called_in_the_Use()
    {
        var run = GeneratorHarness.Run(new WebGenerator(), """
            using AotSuite.Web;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var app = WebApp.Create(args);
                    Middleware made = Cors.Create(new CorsOptions { Origins = ["*"] });
                    app.Use(made);
                    app.Use(Hidden.Create());
                    app.Use(Compression.Create());
                    app.Use(Generic<int>.Create());
                    app.MapGet("/", () => "ok");
                    app.Run();
                }

                public static class Generic<T>
                {
                    public static Middleware Create() => new Runner().InvokeAsync;

                    public sealed class Runner
                    {
                        public System.Threading.Tasks.ValueTask InvokeAsync(WebContext context, Next next) => next();
                    }
                }

                private static class Hidden
                {
                    public static Middleware Create() => new Runner().InvokeAsync;

                    public sealed class Runner
                    {
                        public System.Threading.Tasks.ValueTask InvokeAsync(WebContext context, Next next) => next();
                    }
                }
            }
            """);
        await Assert.That(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)).IsEmpty();
        var route = run.Sources.Single(s => s.Key.StartsWith("AotSuite.Web.Routes.", StringComparison.Ordinal)).Value;
        // A built-in held in a variable, a runner generated code cannot reach and one inside a generic type stay delegate calls.
        await Assert.That(route).Contains("case 0: return m0(context, context.Next(1));");
        await Assert.That(route).Contains("case 1: return m1(context, context.Next(2));");
        await Assert.That(route).Contains("case 2: return m2.InvokeAsync(context, context.Next(3));");
        await Assert.That(route).Contains("if (pipeline[2].Target is not global::AotSuite.Web.Compression.Runner r2) return false;");
        await Assert.That(route).Contains("case 3: return m3(context, context.Next(4));");
    }
}
