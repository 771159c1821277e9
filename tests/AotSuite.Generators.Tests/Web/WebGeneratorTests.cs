using AotSuite.Generators.Tests.Harness;
using AotSuite.Json.Generators;
using AotSuite.Web.Generators;
using Microsoft.CodeAnalysis;

namespace AotSuite.Generators.Tests.Web;

public class WebGeneratorTests
{
    private const string App = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using AotSuite.Json;
        using AotSuite.Web;

        namespace Shop;

        [JsonModel] public sealed partial record Product(int Id, string Name);
        [JsonModel] public sealed partial record NewProduct(string Name);
        public enum Sort { Name, Price }
        public sealed class Catalog { public Product? Find(int id) => null; public List<Product> Page(int page, Sort sort) => []; }

        public static class Routes
        {
            public static void Map(WebApp app)
            {
                app.MapGet("/products/{id:int}", (int id, Catalog catalog) => catalog.Find(id));
                app.MapGet("/products", (Catalog catalog, int page = 1, Sort sort = Sort.Name, [FromHeader(Name = "X-Tenant")] string? tenant = null) => catalog.Page(page, sort));
                app.MapPost("/products", async (NewProduct body) => { await Task.Yield(); return Results.Created("/products/1", new Product(1, body.Name)); });
            }

            public static int Unrelated() => 1;
        }
        """;

    [Test]
    public async Task Generates_one_interceptor_and_endpoint_per_call_site()
    {
        var run = GeneratorHarness.Run(new WebGenerator(), App);
        await Assert.That(run.GeneratorDiagnostics).IsEmpty();
        var sources = run.Sources.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        await Assert.That(sources.Count).IsEqualTo(3);
        await Snapshot.Matches(sources[0].Value, "RouteParameterAndService");
        await Snapshot.Matches(sources[1].Value, "QueryDefaultsAndHeader");
        await Snapshot.Matches(sources[2].Value, "AsyncBodyAndResult");
    }

    [Test]
    public async Task Generated_code_compiles_without_errors_or_warnings_next_to_the_json_generator()
    {
        var json = GeneratorHarness.Run(new JsonModelGenerator(), App);
        var run = GeneratorHarness.Run(new WebGenerator(), (Microsoft.CodeAnalysis.CSharp.CSharpCompilation)json.Output);
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        await Assert.That(problems).IsEmpty();
    }

    [Test]
    public async Task Reports_AOT1001_on_the_second_handler_of_a_route()
    {
        var (id, message, squiggle) = Diagnose("""
            app.MapGet("/users/{id}", (int id) => "a");
            app.MapGet("/users/{name}", (string name) => "b");
            """);
        await Assert.That(id).IsEqualTo("AOT1001");
        await Assert.That(squiggle).IsEqualTo("\"/users/{name}\"");
        await Assert.That(message).IsEqualTo("route 'GET /users/{name}' is already mapped at Source0.cs(5,1); remove one of them or give it another method or path");
    }

    [Test]
    public async Task Reports_AOT1002_when_the_handler_lacks_a_route_parameter()
    {
        var (id, message, squiggle) = Diagnose("""app.MapGet("/users/{id}", (int userId) => "a");""");
        await Assert.That(id).IsEqualTo("AOT1002");
        await Assert.That(squiggle).IsEqualTo("\"/users/{id}\"");
        await Assert.That(message).IsEqualTo("route '/users/{id}' has parameter 'id', but the handler has no parameter 'id'; rename one of them");
    }

    [Test]
    public async Task Reports_AOT1003_for_a_FromRoute_parameter_the_route_does_not_have()
    {
        var (id, _, squiggle) = Diagnose("""app.MapGet("/users", ([FromRoute] int id) => "a");""");
        await Assert.That(id).IsEqualTo("AOT1003");
        await Assert.That(squiggle).IsEqualTo("id");
    }

    [Test]
    public async Task Reports_AOT1004_for_a_constraint_that_does_not_exist()
    {
        var (id, message, squiggle) = Diagnose("""app.MapGet("/users/{id:number}", (int id) => "a");""");
        await Assert.That(id).IsEqualTo("AOT1004");
        await Assert.That(squiggle).IsEqualTo("\"/users/{id:number}\"");
        await Assert.That(message).IsEqualTo("route '/users/{id:number}' is invalid: constraint 'number' of parameter 'id' does not exist (int, long, guid, bool, double, alpha)");
    }

    [Test]
    public async Task Reports_AOT1005_for_a_parameter_that_cannot_be_bound()
    {
        var (id, message, squiggle) = Diagnose("""app.MapGet("/at", (System.DateTime when) => "a");""");
        await Assert.That(id).IsEqualTo("AOT1005");
        await Assert.That(squiggle).IsEqualTo("when");
        await Assert.That(message).Contains("parameter 'when' of type 'global::System.DateTime' cannot be bound");
    }

    [Test]
    public async Task Reports_AOT1005_for_a_return_type_that_cannot_be_written()
    {
        var (id, message, _) = Diagnose("""app.MapGet("/n", () => 42);""");
        await Assert.That(id).IsEqualTo("AOT1005");
        await Assert.That(message).StartsWith("the handler returns 'int'");
    }

    [Test]
    public async Task Reports_AOT1006_for_a_pattern_that_is_not_constant()
    {
        var (id, _, squiggle) = Diagnose("""var path = "/x"; app.MapGet(path, () => "a");""");
        await Assert.That(id).IsEqualTo("AOT1006");
        await Assert.That(squiggle).IsEqualTo("path");
    }

    [Test]
    public async Task Keeps_every_step_cached_when_an_unrelated_file_is_added()
    {
        var reasons = StepCaching.AfterEdit(new WebGenerator(), App, StepCaching.AddUnrelatedFile, TrackedSteps);
        await Assert.That(reasons).IsNotEmpty();
        await Assert.That(reasons.Where(r => r.Step != WebGenerator.Steps.Claims
            && r.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))).IsEmpty();
    }

    private static readonly string[] TrackedSteps =
        [WebGenerator.Steps.Parse, WebGenerator.Steps.Model, WebGenerator.Steps.Diagnostics];

    private static (string Id, string Message, string Squiggle) Diagnose(string body) =>
        DiagnosticAssert.Single(GeneratorHarness.Run(new WebGenerator(), $$"""
            using AotSuite.Web;
            public static class Routes
            {
                public static void Map(WebApp app) {
            {{body}}
                }
            }
            """));
}
