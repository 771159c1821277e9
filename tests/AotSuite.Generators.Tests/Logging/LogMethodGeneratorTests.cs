using AotSuite.Generators.Tests.Harness;
using AotSuite.Logging.Generators;
using Microsoft.CodeAnalysis;

namespace AotSuite.Generators.Tests.Logging;

public class LogMethodGeneratorTests
{
    private const string Methods = """
        using System;
        using System.Net;
        using AotSuite.Logging;
        using Microsoft.Extensions.Logging;

        namespace Shop;

        public enum Tier { Free, Pro }

        public sealed partial class CheckoutLog(Logger logger)
        {
            private readonly Logger logger = logger;

            [Log(LogLevel.Information, "User {UserId} signed in from {Ip}", EventId = 1)]
            public partial void SignedIn(int userId, IPAddress ip);

            [Log(LogLevel.Warning, "Order {OrderId} for {Tier} took {Elapsed:c} after {Retries} retries at {At}", EventId = 2)]
            public partial void Slow(long orderId, Tier tier, TimeSpan elapsed, int? retries, DateTimeOffset at, Exception? error);

            public int Touch() { var x = 1; x++; return x; }
        }

        public static partial class Ops
        {
            [Log(LogLevel.Critical, "Disk \"{Path}\" is full\n{{sic}}")]
            public static partial void DiskFull(this Logger logger, string? path);
        }
        """;

    private static GeneratorRun Run(string source) => GeneratorHarness.Run(new LogMethodGenerator(), source);

    [Test]
    public async Task Generates_one_method_body_per_log_method()
    {
        var run = Run(Methods);
        await Assert.That(run.GeneratorDiagnostics).IsEmpty();
        var names = run.Sources.Keys.Order(StringComparer.Ordinal).ToList();
        await Assert.That(names.Count).IsEqualTo(3);
        await Snapshot.Matches(run.Sources[names.Single(n => n.StartsWith("Shop.CheckoutLog.SignedIn.", StringComparison.Ordinal))], "SignedIn");
        await Snapshot.Matches(run.Sources[names.Single(n => n.StartsWith("Shop.CheckoutLog.Slow.", StringComparison.Ordinal))], "Slow");
        await Snapshot.Matches(run.Sources[names.Single(n => n.StartsWith("Shop.Ops.DiskFull.", StringComparison.Ordinal))], "DiskFull");
    }

    [Test]
    public async Task Generated_code_compiles_without_errors_or_warnings()
    {
        var run = Run(Methods);
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        await Assert.That(problems).IsEmpty();
    }

    [Test]
    public async Task Reports_AOT2001_on_the_message_when_a_placeholder_has_no_parameter()
    {
        var run = Run("""
            using AotSuite.Logging;
            using Microsoft.Extensions.Logging;
            static partial class L
            {
                [Log(LogLevel.Information, "User {UserId} left")]
                static partial void Left(Logger logger, int id);
            }
            """);
        var errors = run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        await Assert.That(errors.Count).IsEqualTo(1);
        await Assert.That(errors[0].Id).IsEqualTo("AOT2001");
        await Assert.That(errors[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture))
            .IsEqualTo("the message of 'Left' has placeholder '{UserId}', but the method has no parameter 'UserId'; add the parameter or fix the placeholder");
        await Assert.That(Squiggle(run, errors[0])).IsEqualTo("\"User {UserId} left\"");
    }

    [Test]
    public async Task Reports_AOT2002_as_information_for_a_parameter_without_placeholder_and_logs_it_as_a_field()
    {
        var run = Run("""
            using AotSuite.Logging;
            using Microsoft.Extensions.Logging;
            static partial class L
            {
                [Log(LogLevel.Information, "Request done")]
                static partial void Done(Logger logger, int elapsedMs);
            }
            """);
        var (id, message, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT2002");
        await Assert.That(run.GeneratorDiagnostics[0].Severity).IsEqualTo(DiagnosticSeverity.Info);
        await Assert.That(squiggle).IsEqualTo("elapsedMs");
        await Assert.That(message).IsEqualTo("parameter 'elapsedMs' of 'Done' has no placeholder in the message; it is logged as the field 'elapsedMs' only");
        await Assert.That(run.Sources.Values.Single()).Contains("__entry.FieldNumber(\"elapsedMs\"u8, elapsedMs);");
    }

    [Test]
    public async Task Reports_AOT2003_on_the_second_of_two_methods_sharing_an_event_id()
    {
        var run = Run("""
            using AotSuite.Logging;
            using Microsoft.Extensions.Logging;
            static partial class L
            {
                [Log(LogLevel.Information, "a", EventId = 7)]
                static partial void A(Logger logger);
                [Log(LogLevel.Information, "b", EventId = 7)]
                static partial void B(Logger logger);
            }
            """);
        var (id, message, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT2003");
        await Assert.That(squiggle).IsEqualTo("EventId = 7");
        await Assert.That(message).IsEqualTo("'A' and 'B' in 'L' both have EventId 7; give one of them another EventId");
    }

    [Test]
    public async Task Reports_AOT2004_on_the_type_of_a_parameter_it_cannot_write()
    {
        var run = Run("""
            using AotSuite.Logging;
            using Microsoft.Extensions.Logging;
            static partial class L
            {
                [Log(LogLevel.Information, "Upload {Body}")]
                static partial void Upload(Logger logger, System.IO.Stream body);
            }
            """);
        var (id, message, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT2004");
        await Assert.That(squiggle).IsEqualTo("System.IO.Stream");
        await Assert.That(message).StartsWith("parameter 'body' has type 'System.IO.Stream', which a [Log] method cannot write");
    }

    [Test]
    public async Task Reports_AOT2005_on_the_method_name_when_there_is_no_logger()
    {
        var run = Run("""
            using AotSuite.Logging;
            using Microsoft.Extensions.Logging;
            partial class Orders
            {
                [Log(LogLevel.Information, "Placed {Id}")]
                partial void Placed(int id);
            }
            """);
        var (id, message, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT2005");
        await Assert.That(squiggle).IsEqualTo("Placed");
        await Assert.That(message).StartsWith("'Placed' has no AotSuite.Logging.Logger to write to");
    }

    [Test]
    public async Task Reports_AOT2006_when_the_method_is_not_partial_void()
    {
        var run = Run("""
            using AotSuite.Logging;
            using Microsoft.Extensions.Logging;
            static partial class L
            {
                [Log(LogLevel.Information, "x")]
                static int Count(Logger logger) => 1;
            }
            """);
        var (id, _, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT2006");
        await Assert.That(squiggle).IsEqualTo("Count");
    }

    [Test]
    public async Task Reports_AOT2007_for_an_unclosed_brace()
    {
        var run = Run("""
            using AotSuite.Logging;
            using Microsoft.Extensions.Logging;
            static partial class L
            {
                [Log(LogLevel.Information, "Broken {Id")]
                static partial void Broken(Logger logger, int id);
            }
            """);
        var (id, message, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT2007");
        await Assert.That(squiggle).IsEqualTo("\"Broken {Id\"");
        await Assert.That(message).IsEqualTo("the message of 'Broken' has a '{' with no closing '}' at offset 7; write '{{' and '}}' for literal braces");
    }

    [Test]
    public async Task Reports_AOT2008_for_a_placeholder_that_names_an_object()
    {
        var run = Run("""
            using AotSuite.Logging;
            using Microsoft.Extensions.Logging;
            static partial class L
            {
                [Log(LogLevel.Information, "Request {Req}")]
                static partial void Request(Logger logger, HttpRequestLog req);
            }
            """);
        var (id, _, squiggle) = DiagnosticAssert.Single(run);
        await Assert.That(id).IsEqualTo("AOT2008");
        await Assert.That(squiggle).IsEqualTo("\"Request {Req}\"");
    }

    [Test]
    public async Task Keeps_every_step_cached_when_an_unrelated_file_is_added()
    {
        var reasons = StepCaching.AfterEdit(new LogMethodGenerator(), Methods, StepCaching.AddUnrelatedFile, TrackedSteps);
        await Assert.That(reasons).IsNotEmpty();
        await Assert.That(reasons.Where(r => r.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))).IsEmpty();
    }

    [Test]
    public async Task Keeps_the_model_unchanged_when_a_method_body_in_the_same_file_changes()
    {
        var reasons = StepCaching.AfterEdit(new LogMethodGenerator(), Methods, c => StepCaching.EditFirstFile(c, "x++;", "x += 2;"), TrackedSteps);
        await Assert.That(reasons.Where(r => r.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))).IsEmpty();
    }

    [Test]
    public async Task Regenerates_when_a_message_changes()
    {
        var reasons = StepCaching.AfterEdit(new LogMethodGenerator(), Methods,
            c => StepCaching.EditFirstFile(c, "signed in from", "logged in from"), TrackedSteps);
        await Assert.That(reasons.Any(r => r.Step == LogMethodGenerator.Steps.Model && r.Reason == IncrementalStepRunReason.Modified)).IsTrue();
    }

    private static readonly string[] TrackedSteps =
        [LogMethodGenerator.Steps.Parse, LogMethodGenerator.Steps.Model, LogMethodGenerator.Steps.Diagnostics, LogMethodGenerator.Steps.EventIds];

    private static string Squiggle(GeneratorRun run, Diagnostic diagnostic)
    {
        var tree = run.Input.SyntaxTrees.Single(t => t.FilePath == diagnostic.Location.GetLineSpan().Path);
        return tree.GetText().ToString(diagnostic.Location.SourceSpan);
    }
}
