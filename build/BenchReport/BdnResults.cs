using System.Text.Json;

namespace AotSuite.Build.BenchReport;

/// <summary>
/// BenchmarkDotNet's brief JSON reports (<c>--exporters briefjson</c>) as results: mean time per operation, lower is better.
/// Our methods are the ones named AotSuite… (STYLE.md: the peer is the baseline, ours are named for the suite); the
/// others in the same class, parameters and name prefix (<c>Read_</c>, <c>File_</c>…) are the peers they face.
/// </summary>
internal static class BdnResults
{
    public static List<BenchResult> Read(string directory)
    {
        var results = new List<BenchResult>();
        foreach (var file in Directory.GetFiles(directory, "*-report-brief.json").Order(StringComparer.Ordinal))
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var benchmark in json.RootElement.GetProperty("Benchmarks").EnumerateArray())
            {
                var type = benchmark.GetProperty("Type").GetString() ?? "?";
                var method = benchmark.GetProperty("Method").GetString() ?? "?";
                var parameters = benchmark.TryGetProperty("Parameters", out var p) ? p.GetString() ?? "" : "";
                var underscore = method.IndexOf('_', StringComparison.Ordinal);
                var group = underscore > 0 ? method[..underscore] : "";
                var suite = string.Join(' ', new[] { type, parameters }.Where(static s => s.Length > 0));
                var metric = group.Length > 0 ? $"{group}: mean time" : "mean time";
                var role = method.Contains("AotSuite", StringComparison.Ordinal) ? Role.Ours : Role.Peer;
                if (!benchmark.TryGetProperty("Statistics", out var statistics) || statistics.ValueKind != JsonValueKind.Object)
                {
                    results.Add(new BenchResult(suite, metric, false, Role.Skipped, method, double.NaN, "ns", "BenchmarkDotNet reported no statistics (the benchmark failed; see its log)"));
                    continue;
                }
                results.Add(new BenchResult(suite, metric, false, role, method, statistics.GetProperty("Mean").GetDouble(), "ns", ""));
            }
        }
        return results;
    }
}
