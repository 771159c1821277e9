namespace AotSuite.Build.BenchReport;

/// <summary>How one peer did against ours on one metric.</summary>
/// <param name="Advantage">How many times better ours is: ours ÷ peer when higher is better, peer ÷ ours otherwise; above 1, ours is ahead.</param>
internal sealed record PeerRatio(string Peer, double Value, double Advantage);

/// <summary>One of ours against every peer measured on the same metric in the same suite: one chart.</summary>
internal sealed record Comparison(string Suite, string Metric, string Ours, double OursValue, string Unit, bool HigherIsBetter, IReadOnlyList<PeerRatio> Peers)
{
    public string Title => $"{Suite}: {Metric}";

    /// <summary>File name of the chart: the suite, metric and our subject, reduced to [a-z0-9-].</summary>
    public string Slug
    {
        get
        {
            var text = $"{Suite}-{Metric}-{Ours}".ToLowerInvariant();
            var chars = text.Select(static c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
            return string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    /// <summary>
    /// Pairs each of ours with every peer of the same suite and metric, in the order the results came. A metric with
    /// no peer (or no ours) makes no comparison: it is still in the report's tables.
    /// </summary>
    public static List<Comparison> From(IReadOnlyList<BenchResult> results)
    {
        var comparisons = new List<Comparison>();
        var measured = results.Where(static r => r.Role != Role.Skipped).ToList();
        foreach (var group in measured.GroupBy(static r => (r.Suite, r.Metric)))
        {
            var peers = group.Where(static r => r.Role == Role.Peer).ToList();
            foreach (var ours in group.Where(static r => r.Role == Role.Ours))
            {
                var ratios = peers
                    .Select(p => new PeerRatio(p.Subject, p.Value, ours.HigherIsBetter ? ours.Value / p.Value : p.Value / ours.Value))
                    .Where(static p => double.IsFinite(p.Advantage) && p.Advantage > 0)
                    .ToList();
                if (ratios.Count > 0)
                {
                    comparisons.Add(new Comparison(ours.Suite, ours.Metric, ours.Subject, ours.Value, ours.Unit, ours.HigherIsBetter, ratios));
                }
            }
        }
        return comparisons;
    }
}
