using System.Text;

namespace AotSuite.Build.BenchReport;

/// <summary>report.md: the run's context, then per suite a table of every value, its charts and its skipped subjects.</summary>
internal static class ReportWriter
{
    public static string Render(IReadOnlyList<BenchResult> results, IReadOnlyList<(Comparison Comparison, string File)> charts, RunInfo run)
    {
        var md = new StringBuilder();
        md.Append("# Benchmark report\n\n");
        md.Append($"{run.Date} · {run.Machine} · .NET SDK {run.Sdk}");
        if (run.Load.Length > 0) md.Append($" · load average {run.Load}");
        md.Append("\n\n");
        if (run.Command.Length > 0) md.Append($"Re-run: `{run.Command}`\n\n");
        md.Append("Charts: one per comparison; each bar is how many times better ours is than that peer (ours ÷ peer when ")
          .Append("higher is better, peer ÷ ours when lower is better), so above 1× ours is ahead. Ratios are only between ")
          .Append("values of this run.\n");

        foreach (var suite in results.Select(static r => r.Suite).Distinct())
        {
            md.Append($"\n## {suite}\n\n");
            var measured = results.Where(r => r.Suite == suite && r.Role != Role.Skipped).ToList();
            if (measured.Count > 0)
            {
                md.Append("| subject | metric | value | |\n|---|---|---:|---|\n");
                foreach (var r in measured)
                {
                    var better = r.HigherIsBetter ? "higher is better" : "lower is better";
                    md.Append($"| {Cell(r.Subject)}{(r.Role == Role.Ours ? " (ours)" : "")} | {Cell(r.Metric)} | {SvgBarChart.Format(r.Value)} {Cell(r.Unit)} | {better} |\n");
                }
            }
            foreach (var (comparison, file) in charts.Where(c => c.Comparison.Suite == suite))
            {
                var summary = string.Join(", ", comparison.Peers.Select(static p => $"{SvgBarChart.Format(p.Advantage)}× vs {p.Peer}"));
                md.Append($"\n![{Cell(comparison.Title)}: {Cell(comparison.Ours)}]({file})\n\n{Cell(comparison.Ours)}, {Cell(comparison.Metric)}: {Cell(summary)}\n");
            }
            var skipped = results.Where(r => r.Suite == suite && r.Role == Role.Skipped).ToList();
            if (skipped.Count > 0)
            {
                md.Append('\n');
                foreach (var s in skipped) md.Append($"- skipped: {s.Subject}: {s.Note}\n");
            }
        }
        if (results.Count == 0) md.Append("\nNo results were recorded.\n");
        return md.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}

/// <summary>What the report and every chart caption say about the run.</summary>
internal sealed record RunInfo(string Date, string Machine, string Sdk, string Load, string Command)
{
    public string Caption => $"{Machine}; .NET SDK {Sdk}; {Date}" + (Load.Length > 0 ? $"; load average {Load}" : "");
}
