using AotSuite.Generators.Tests.Harness;
using AotSuite.Streams.Generators;
using Microsoft.CodeAnalysis;

namespace AotSuite.Generators.Tests.Streams;

public class CsvRecordGeneratorTests
{
    private const string Records = """
        using System;
        using AotSuite.Streams.Csv;

        namespace Shop;

        [CsvRecord]
        public partial record Sale(string Region, decimal Amount, DateOnly Day, int? Units, bool Paid, string? Note)
        {
            public int Touch() => 1;
        }

        public static partial class Outer
        {
            [CsvRecord]
            public partial record struct Point(double X, double Y);
        }
        """;

    private static readonly string[] TrackedSteps = [CsvRecordGenerator.Steps.Parse, CsvRecordGenerator.Steps.Model, CsvRecordGenerator.Steps.Diagnostics];

    [Test]
    public async Task Generates_a_reader_and_writer_per_record()
    {
        var run = GeneratorHarness.Run(new CsvRecordGenerator(), Records);
        await Assert.That(run.GeneratorDiagnostics).IsEmpty();
        await Assert.That(string.Join(",", run.Sources.Keys.Order(StringComparer.Ordinal))).IsEqualTo("Shop.Outer.Point.Csv.g.cs,Shop.Sale.Csv.g.cs");
        await Snapshot.Matches(run.Sources["Shop.Sale.Csv.g.cs"], "Sale");
        await Snapshot.Matches(run.Sources["Shop.Outer.Point.Csv.g.cs"], "Point");
    }

    [Test]
    public async Task Generated_code_compiles_without_errors_or_warnings()
    {
        var run = GeneratorHarness.Run(new CsvRecordGenerator(), Records);
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        await Assert.That(problems).IsEmpty();
    }

    [Test]
    public async Task Reports_a_record_that_is_not_partial_on_its_name()
    {
        var run = GeneratorHarness.Run(new CsvRecordGenerator(), "using AotSuite.Streams.Csv; [CsvRecord] public record Plain(string A);");
        var (id, message, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT5001");
        await Assert.That(squiggle).IsEqualTo("Plain");
        await Assert.That(message).IsEqualTo("type 'Plain' has [CsvRecord] but is not partial; add the 'partial' modifier to it and to every type that contains it");
    }

    [Test]
    public async Task Reports_an_unsupported_member_type_on_the_type()
    {
        var run = GeneratorHarness.Run(new CsvRecordGenerator(), "using AotSuite.Streams.Csv; [CsvRecord] public partial record Bad(string A, System.IO.Stream Body);");
        var (id, message, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT5002");
        await Assert.That(squiggle).IsEqualTo("System.IO.Stream");
        await Assert.That(message).StartsWith("member 'Body' has type 'System.IO.Stream', which a CSV field cannot hold");
    }

    [Test]
    public async Task Reports_a_record_without_primary_constructor_parameters()
    {
        var run = GeneratorHarness.Run(new CsvRecordGenerator(), "using AotSuite.Streams.Csv; [CsvRecord] public partial record Empty { public string A { get; init; } = \"\"; }");
        var (id, _, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT5003");
        await Assert.That(squiggle).IsEqualTo("Empty");
    }

    [Test]
    public async Task Keeps_every_step_cached_when_an_unrelated_file_is_added()
    {
        var reasons = StepCaching.AfterEdit(new CsvRecordGenerator(), Records, StepCaching.AddUnrelatedFile, TrackedSteps);
        await Assert.That(reasons).IsNotEmpty();
        await Assert.That(reasons.Where(r => r.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))).IsEmpty();
    }

    [Test]
    public async Task Keeps_every_step_cached_when_a_method_body_changes()
    {
        var reasons = StepCaching.AfterEdit(new CsvRecordGenerator(), Records, c => StepCaching.EditFirstFile(c, "=> 1;", "=> 2;"), TrackedSteps);
        await Assert.That(reasons.Where(r => r.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))).IsEmpty();
    }
}
