using AotSuite.Generators.Tests.Harness;
using AotSuite.Json.Generators;
using Microsoft.CodeAnalysis;

namespace AotSuite.Generators.Tests.Json;

public class JsonModelGeneratorTests
{
    private const string Models = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using AotSuite.Json;

        namespace Shop;

        public enum Status { Draft, Paid, Shipped }

        [JsonModel]
        public sealed partial record Line(string Sku, int Quantity, decimal Price = 1.5m);

        [JsonModel(OmitNulls = true)]
        public sealed partial class Order
        {
            public required Guid Id { get; init; }
            [JsonPropertyName("customer_name")] public string Customer { get; set; } = "";
            public Status Status { get; set; }
            public Status? Previous { get; set; }
            public List<Line> Lines { get; set; } = [];
            public Line[]? Extra { get; init; }
            public Dictionary<string, int> Counts { get; set; } = new();
            public IReadOnlyList<string?> Notes { get; init; } = [];
            public DateOnly? Ship { get; set; }
            public DateTimeOffset Created { get; set; }
            public TimeSpan Window { get; set; }
            public double Weight { get; set; }
            public long Version { get; set; }
            public bool Gift { get; set; }
            [JsonIgnore] public string Secret { get; set; } = "";
            public int Total => Lines.Count;
            public void Touch() { Version++; }
        }

        public static partial class Outer
        {
            [JsonModel]
            public partial struct Point { public int X { get; set; } public int Y { get; set; } }
        }
        """;

    [Test]
    public async Task Generates_a_reader_and_writer_per_model()
    {
        var run = GeneratorHarness.Run(new JsonModelGenerator(), Models);
        await Assert.That(run.GeneratorDiagnostics).IsEmpty();
        await Assert.That(run.Sources.Keys.Order(StringComparer.Ordinal))
            .IsEquivalentTo(new[] { "Shop.Line.Json.g.cs", "Shop.Order.Json.g.cs", "Shop.Outer.Point.Json.g.cs" });
        await Snapshot.Matches(run.Sources["Shop.Order.Json.g.cs"], "Order");
        await Snapshot.Matches(run.Sources["Shop.Line.Json.g.cs"], "Line");
        await Snapshot.Matches(run.Sources["Shop.Outer.Point.Json.g.cs"], "Point");
    }

    [Test]
    public async Task Generated_code_compiles_without_errors_or_warnings()
    {
        var run = GeneratorHarness.Run(new JsonModelGenerator(), Models);
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        await Assert.That(problems).IsEmpty();
    }

    [Test]
    public async Task Reports_AOT3001_on_the_name_of_a_type_that_is_not_partial()
    {
        var run = GeneratorHarness.Run(new JsonModelGenerator(), """
            [AotSuite.Json.JsonModel]
            public sealed class Plain { public int X { get; set; } }
            """);
        var (id, message, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT3001");
        await Assert.That(squiggle).IsEqualTo("Plain");
        await Assert.That(message).IsEqualTo("type 'Plain' has [JsonModel] but is not partial; add the 'partial' modifier to it and to every type that contains it");
    }

    [Test]
    public async Task Reports_AOT3002_on_the_type_of_a_property_it_cannot_serialize()
    {
        var run = GeneratorHarness.Run(new JsonModelGenerator(), """
            [AotSuite.Json.JsonModel]
            public sealed partial class Upload { public System.IO.Stream Body { get; set; } = null!; }
            """);
        var (id, message, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT3002");
        await Assert.That(squiggle).IsEqualTo("System.IO.Stream");
        await Assert.That(message).StartsWith("property 'Body' has type 'System.IO.Stream', which the JSON generator cannot read or write");
    }

    [Test]
    public async Task Reports_AOT3002_for_a_dictionary_whose_keys_are_not_strings()
    {
        var run = GeneratorHarness.Run(new JsonModelGenerator(), """
            [AotSuite.Json.JsonModel]
            public sealed partial class Index { public System.Collections.Generic.Dictionary<int, string> ById { get; set; } = new(); }
            """);
        var (id, _, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT3002");
        await Assert.That(squiggle).IsEqualTo("System.Collections.Generic.Dictionary<int, string>");
    }

    [Test]
    public async Task Reports_AOT3003_when_no_constructor_can_be_called()
    {
        var run = GeneratorHarness.Run(new JsonModelGenerator(), """
            [AotSuite.Json.JsonModel]
            public sealed partial class Odd
            {
                public Odd(string unrelated) { }
                public int X { get; set; }
            }
            """);
        var (id, _, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT3003");
        await Assert.That(squiggle).IsEqualTo("Odd");
    }

    [Test]
    public async Task Reports_AOT3004_on_the_attribute_that_repeats_a_json_name()
    {
        var run = GeneratorHarness.Run(new JsonModelGenerator(), """
            using System.Text.Json.Serialization;
            [AotSuite.Json.JsonModel]
            public sealed partial class Twice
            {
                public int Name { get; set; }
                [JsonPropertyName("name")] public int Other { get; set; }
            }
            """);
        var (id, message, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT3004");
        await Assert.That(squiggle).IsEqualTo("JsonPropertyName(\"name\")");
        await Assert.That(message).IsEqualTo("properties 'Name' and 'Other' both map to the JSON name 'name'; give one of them another [JsonPropertyName]");
    }

    [Test]
    public async Task Keeps_every_step_cached_when_an_unrelated_file_is_added()
    {
        var reasons = StepCaching.AfterEdit(new JsonModelGenerator(), Models, StepCaching.AddUnrelatedFile, TrackedSteps);
        await Assert.That(reasons).IsNotEmpty();
        await Assert.That(reasons.Where(r => r.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))).IsEmpty();
    }

    [Test]
    public async Task Keeps_the_model_unchanged_when_a_method_body_in_the_model_file_changes()
    {
        var reasons = StepCaching.AfterEdit(new JsonModelGenerator(), Models,
            c => StepCaching.EditFirstFile(c, "Version++;", "Version += 2;"), TrackedSteps);
        await Assert.That(reasons.Where(r => r.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))).IsEmpty();
    }

    [Test]
    public async Task Regenerates_when_a_property_is_renamed()
    {
        var reasons = StepCaching.AfterEdit(new JsonModelGenerator(), Models,
            c => StepCaching.EditFirstFile(c, "public bool Gift", "public bool IsGift"), TrackedSteps);
        await Assert.That(reasons.Any(r => r.Step == JsonModelGenerator.Steps.Model && r.Reason == IncrementalStepRunReason.Modified)).IsTrue();
    }

    private static readonly string[] TrackedSteps =
        [JsonModelGenerator.Steps.Parse, JsonModelGenerator.Steps.Model, JsonModelGenerator.Steps.Diagnostics];
}
