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
        await Assert.That(WarningsAndErrors(run)).IsEmpty();
        var sources = run.Sources.Where(s => s.Key.StartsWith("AotSuite.Web.Routes.", StringComparison.Ordinal)).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        await Assert.That(sources.Count).IsEqualTo(3);
        // Results.Created's value has [JsonModel]: its interceptor writes it through the model's own code, and no codec is made.
        await Snapshot.Matches(run.Sources.Single(s => s.Key.StartsWith("AotSuite.Web.Results.", StringComparison.Ordinal)).Value, "ResultsCreated");
        await Assert.That(run.Sources.ContainsKey("AotSuite.Web.Json.g.cs")).IsFalse();
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

    private const string PlainApp = """
        using System.Collections.Generic;
        using AotSuite.Json;
        using AotSuite.Web;

        namespace Shop;

        public enum Size { Small, Large }
        [JsonModel] public sealed partial record Money(decimal Amount, string Currency);
        public sealed record Tag(string Name);
        public sealed record Item(int Id, string Name, Size Size, Money Price, List<Tag> Tags, Item? Parent = null);
        public sealed class NewItem { public string Name { get; set; } = ""; public Size Size { get; set; } public List<Tag>? Tags { get; set; } }
        public sealed class Store { public Item Get(int id) => null!; public Item[] All() => []; }

        public static class Routes
        {
            public static void Map(WebApp app)
            {
                app.MapGet("/items/{id:int}", (int id, Store store) => store.Get(id));
                app.MapGet("/items", (Store store) => store.All());
                app.MapPost("/items", (NewItem body) => Results.Created("/items/1", new Item(1, body.Name, body.Size, new Money(1m, "EUR"), body.Tags ?? [])));
            }

            public static int Unrelated() => 1;
        }
        """;

    [Test]
    public async Task Writes_one_codec_per_type_without_JsonModel_however_many_handlers_use_it()
    {
        var run = GeneratorHarness.Run(new WebGenerator(), PlainApp);
        await Assert.That(WarningsAndErrors(run)).IsEmpty();
        var codecs = run.Sources["AotSuite.Web.Json.g.cs"];
        await Snapshot.Matches(codecs, "DiscoveredCodecs");
        // Item is met by three call sites, Tag inside it and NewItem; Money has [JsonModel], so the JSON generator writes it.
        foreach (var type in new[] { "JsonOf_Shop_Item ", "JsonOf_Shop_Tag ", "JsonOf_Shop_NewItem " })
            await Assert.That(codecs.Split("struct " + type).Length - 1).IsEqualTo(1);
        await Assert.That(codecs).DoesNotContain("JsonOf_Shop_Money");
        await Assert.That(codecs).Contains("global::Shop.Money.WriteJson(writer, value.Price);");
    }

    [Test]
    public async Task Generated_codecs_and_result_interceptors_compile_next_to_the_json_generator()
    {
        var json = GeneratorHarness.Run(new JsonModelGenerator(), PlainApp);
        var run = GeneratorHarness.Run(new WebGenerator(), (Microsoft.CodeAnalysis.CSharp.CSharpCompilation)json.Output);
        await Assert.That(WarningsAndErrors(run)).IsEmpty();
        await Assert.That(run.Sources.Keys.Count(k => k.StartsWith("AotSuite.Web.Results.", StringComparison.Ordinal))).IsEqualTo(1);
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        await Assert.That(problems).IsEmpty();
    }

    [Test]
    public async Task Binds_a_data_shaped_class_marked_FromServices_as_a_service_on_any_method()
    {
        var run = GeneratorHarness.Run(new WebGenerator(), """
            using AotSuite.Web;

            namespace Shop;

            public sealed class Gate { public int Opened { get; set; } }
            public sealed record NewOrder(string Item);

            public static class Routes
            {
                public static void Map(WebApp app)
                {
                    app.MapGet("/gate", ([FromServices] Gate gate) => gate.Opened.ToString());
                    app.MapPost("/orders", (NewOrder order, [FromServices] Gate gate) => order.Item);
                }
            }
            """);
        await Assert.That(WarningsAndErrors(run)).IsEmpty();
        var routes = string.Concat(run.Sources.Where(s => s.Key.StartsWith("AotSuite.Web.Routes.", StringComparison.Ordinal)).Select(s => s.Value));
        await Assert.That(routes).Contains("global::Shop.Gate");
        await Assert.That(routes).Contains("global::Shop.NewOrder");
    }

    [Test]
    public async Task Reports_AOT1005_naming_the_member_whose_type_cannot_be_json()
    {
        var (id, message, squiggle) = Diagnose("""
            app.MapGet("/orders", () => new Order(1, new Line(new System.IO.MemoryStream())));
            }
            }
            public sealed record Order(int Id, Line First);
            public sealed record Line(System.IO.Stream Data);
            public static class Unused {
            static void Nothing() {
            """);
        await Assert.That(id).IsEqualTo("AOT1005");
        await Assert.That(squiggle).IsEqualTo("() => new Order(1, new Line(new System.IO.MemoryStream()))");
        await Assert.That(message).IsEqualTo("the handler returns 'Order', which cannot be written as JSON: its property 'Line.Data' has type 'System.IO.Stream', which cannot be read or written as JSON; use a supported type or add [JsonIgnore] to it");
    }

    [Test]
    public async Task Reports_AOT1005_for_a_body_type_the_reader_cannot_construct()
    {
        var (id, message, squiggle) = Diagnose("""
            app.MapPost("/orders", ([FromBody] Order order) => "ok");
            }
            }
            public sealed class Order { private Order() { } public int Id { get; set; } }
            public static class Unused {
            static void Nothing() {
            """);
        await Assert.That(id).IsEqualTo("AOT1005");
        await Assert.That(squiggle).IsEqualTo("order");
        await Assert.That(message).IsEqualTo("parameter 'order' of type 'Order' is bound from the body, but cannot be read as JSON: 'Order' has no constructor the JSON reader can call; add a public parameterless constructor or one whose parameters are named after its properties");
    }

    [Test]
    public async Task Reports_AOT1005_for_Results_Ok_of_a_type_parameter()
    {
        var (id, message, squiggle) = Diagnose("""
            app.MapGet("/x", () => Wrap("a"));
            }
            static IResult Wrap<T>(T value) => Results.Ok(value);
            static void Nothing() {
            """);
        await Assert.That(id).IsEqualTo("AOT1005");
        await Assert.That(squiggle).IsEqualTo("value");
        await Assert.That(message).StartsWith("Results.Ok writes its value with a JSON writer made for the value's type at compile time, but here the type is the type parameter 'T'");
    }

    [Test]
    public async Task Keeps_the_codec_file_cached_when_a_file_with_handlers_changes()
    {
        // An edit moves the interceptors of that file (their location data hashes the file), but no codec changes.
        var reasons = StepCaching.AfterEdit(new WebGenerator(), PlainApp,
            c => StepCaching.EditFirstFile(c, "public static int Unrelated() => 1;", "public static int Unrelated() => 2;"),
            [WebGenerator.Steps.Codecs]);
        var codecs = reasons.Where(r => r.Step == WebGenerator.Steps.Codecs).Select(r => r.Reason).ToList();
        await Assert.That(codecs.Count).IsEqualTo(1);
        await Assert.That(codecs[0] is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged).IsTrue();
    }

    private static readonly string[] TrackedSteps =
        [WebGenerator.Steps.Parse, WebGenerator.Steps.Model, WebGenerator.Steps.Diagnostics, WebGenerator.Steps.ResultCallModel, WebGenerator.Steps.Codecs];

    /// <summary>What the generator reported, less AOT1007 (info): these apps map their routes in a helper on purpose.</summary>
    internal static IEnumerable<Diagnostic> WarningsAndErrors(GeneratorRun run) =>
        run.GeneratorDiagnostics.Where(static d => d.Severity > DiagnosticSeverity.Info);

    private static (string Id, string Message, string Squiggle) Diagnose(string body) =>
        DiagnosticAssert.Single(WithoutInfo(GeneratorHarness.Run(new WebGenerator(), $$"""
            using AotSuite.Web;
            public static class Routes
            {
                public static void Map(WebApp app) {
            {{body}}
                }
            }
            """)));

    private static GeneratorRun WithoutInfo(GeneratorRun run) => run with { GeneratorDiagnostics = [.. WarningsAndErrors(run)] };
}
