using System.Globalization;
using System.Security;
using System.Text;

namespace AotSuite.Build.BenchReport;

/// <summary>
/// A horizontal bar chart of one comparison: one bar per peer, its length how many times better ours is than that peer,
/// with a line at 1× (even). Plain SVG 1.1 text, no scripts or fonts to load, so it renders on any Markdown page.
/// </summary>
internal static class SvgBarChart
{
    private const int Width = 760;
    private const int LabelWidth = 250;
    private const int BarArea = 400;
    private const int BarHeight = 22;
    private const int BarGap = 10;
    private const int Top = 58;

    public static string Render(Comparison comparison, string caption)
    {
        var peers = comparison.Peers;
        // Room past the longest bar and past 1× for the value labels.
        var scale = Math.Max(1.0, peers.Max(static p => p.Advantage)) * 1.15;
        double X(double ratio) => LabelWidth + ratio / scale * BarArea;
        var barsBottom = Top + peers.Count * (BarHeight + BarGap);
        var height = barsBottom + 62;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" font-family="sans-serif" font-size="13">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<title>{Escape(comparison.Title)}</title>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{height}" fill="#ffffff"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="12" y="24" font-size="16" font-weight="bold">{Escape(comparison.Title)}</text>""").Append('\n');
        var direction = comparison.HigherIsBetter ? "higher is better" : "lower is better";
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="12" y="44" fill="#444444">{Escape($"{comparison.Ours} ({Format(comparison.OursValue)} {comparison.Unit}, {direction}): times better than each peer")}</text>""").Append('\n');

        for (var i = 0; i < peers.Count; i++)
        {
            var peer = peers[i];
            var y = Top + i * (BarHeight + BarGap);
            var colour = peer.Advantage >= 1 ? "#2e7d32" : "#c62828";
            var end = X(peer.Advantage);
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth - 8}" y="{y + 16}" text-anchor="end">{Escape(Shorten(peer.Peer))}</text>""").Append('\n');
            svg.Append(CultureInfo.InvariantCulture, $"""<rect class="bar" x="{LabelWidth}" y="{y}" width="{end - LabelWidth:0.0}" height="{BarHeight}" fill="{colour}"><title>{Escape($"{peer.Peer}: {Format(peer.Value)} {comparison.Unit}")}</title></rect>""").Append('\n');
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{end + 6:0.0}" y="{y + 16}">{Format(peer.Advantage)}×</text>""").Append('\n');
        }

        var even = X(1);
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{even:0.0}" y1="{Top - 6}" x2="{even:0.0}" y2="{barsBottom - 4}" stroke="#000000" stroke-dasharray="4 3"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{even:0.0}" y="{barsBottom + 10}" text-anchor="middle" fill="#444444">1× (even)</text>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="12" y="{barsBottom + 34}" font-size="11" fill="#444444">{Escape(caption)}</text>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="12" y="{barsBottom + 50}" font-size="11" fill="#444444">{Escape("Green: ours ahead of that peer; red: the peer ahead. Ratios come from one run; the machine is shared.")}</text>""").Append('\n');
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Three significant digits: 0.482, 1.84, 11.4, 2410.</summary>
    public static string Format(double value) =>
        value >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : value.ToString(value >= 100 ? "0" : value >= 10 ? "0.0" : value >= 1 ? "0.00" : "0.000", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 34 ? text : string.Concat(text.AsSpan(0, 33), "…");

    private static string Escape(string text) => SecurityElement.Escape(text);
}
