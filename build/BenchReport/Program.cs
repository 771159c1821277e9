using System.Globalization;
using AotSuite.Build.BenchReport;

// BenchReport RESULTS.tsv OUT-DIR [--bdn DIR] [--sdk V] [--date D] [--machine M] [--load L] [--command C]
// Unset facts are read from this machine; the test passes them to get a fixed caption.
if (args.Length < 2 || args[0].StartsWith('-') || args[1].StartsWith('-'))
{
    Console.Error.WriteLine("usage: BenchReport RESULTS.tsv OUT-DIR [--bdn DIR] [--sdk V] [--date D] [--machine M] [--load L] [--command C]");
    return 2;
}
var (input, output) = (args[0], args[1]);
string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

try
{
    var results = File.Exists(input) ? BenchResult.ReadTsv(input) : [];
    if (Option("--bdn") is { } bdn && Directory.Exists(bdn)) results.InsertRange(0, BdnResults.Read(bdn));
    var run = new RunInfo(
        Option("--date") ?? DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        Option("--machine") ?? MachineInfo.Describe(),
        Option("--sdk") ?? "?",
        Option("--load") ?? MachineInfo.LoadAverage(),
        Option("--command") ?? "");

    Directory.CreateDirectory(output);
    var charts = new List<(Comparison, string)>();
    var used = new HashSet<string>(StringComparer.Ordinal);
    foreach (var comparison in Comparison.From(results))
    {
        var name = comparison.Slug;
        for (var n = 2; !used.Add(name); n++) name = $"{comparison.Slug}-{n}";
        var file = name + ".svg";
        File.WriteAllText(Path.Combine(output, file), SvgBarChart.Render(comparison, run.Caption));
        charts.Add((comparison, file));
    }
    File.WriteAllText(Path.Combine(output, "report.md"), ReportWriter.Render(results, charts, run));
    Console.WriteLine($"bench report: {Path.Combine(output, "report.md")} ({results.Count} results, {charts.Count} charts)");
    return 0;
}
catch (Exception e) when (e is FormatException or IOException or System.Text.Json.JsonException or KeyNotFoundException)
{
    Console.Error.WriteLine($"BenchReport: error: {e.Message}");
    return 1;
}
