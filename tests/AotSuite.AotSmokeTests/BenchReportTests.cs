using System.Xml.Linq;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// build/BenchReport, which `dotnet run build.cs -- bench` runs last: a fixed results.tsv (as bench/peers/common.bash's
/// record_result and record_skip write it) in, report.md and one SVG per comparison out, with one bar per peer and the
/// run's machine, SDK and date in every caption.
/// </summary>
[NotInParallel]
public class BenchReportTests
{
    private const string Machine = "Test CPU 2.10GHz, 2 cores, 24 GiB";
    private const string Date = "2026-11-24 10:00 UTC";

    // What record_result and record_skip write (tabs between the 8 fields; an empty note ends the line with a tab).
    private const string Results =
        "# suite\tmetric\tbetter\trole\tsubject\tvalue\tunit\tnote\n" +
        "http-plaintext\tGET /plaintext req/s\thigher\tours\tAotSuite HelloHttp\t120000\treq/s\t\n" +
        "http-plaintext\tGET /plaintext req/s\thigher\tpeer\tKestrel (NativeAOT)\t75000\treq/s\t\n" +
        "http-plaintext\tGET /plaintext req/s\thigher\tpeer\tNode http\t30000\treq/s\t\n" +
        "http-plaintext\t-\t-\tskipped\tnginx\t\t\tnginx not found and apt-get install -y nginx failed\n" +
        "task-list\ttask list, 1000 tasks\tlower\tours\taotsuite task (1000)\t15\tms\t\n" +
        "task-list\ttask list, 1000 tasks\tlower\tpeer\tnode task.js (1000)\t169.5\tms\t\n" +
        "watcher\tidle RSS\tlower\tours\twatcher\t4.5\tMB\t\n";

    [Test]
    public async Task Writes_one_chart_per_comparison_with_one_bar_per_peer_and_the_run_in_the_caption()
    {
        using var temp = new TempDirectory();
        var output = await ReportAsync(temp, Results);
        await Assert.That(output.ExitCode).IsEqualTo(0).Because(output.ToString());

        var charts = Directory.GetFiles(temp.Combine("out"), "*.svg").Order(StringComparer.Ordinal).ToList();
        await Assert.That(charts.Select(static c => Path.GetFileName(c))).IsEquivalentTo(new[]
        {
            "http-plaintext-get-plaintext-req-s-aotsuite-hellohttp.svg",
            "task-list-task-list-1000-tasks-aotsuite-task-1000.svg",
        });
        var http = XDocument.Load(charts[0]); // throws unless it is well-formed XML
        XNamespace svg = "http://www.w3.org/2000/svg";
        await Assert.That(http.Root!.Name).IsEqualTo(svg + "svg");
        var bars = http.Descendants(svg + "rect").Where(static r => r.Attribute("class")?.Value == "bar").ToList();
        await Assert.That(bars.Count).IsEqualTo(2);
        var texts = http.Descendants(svg + "text").Select(static t => t.Value).ToList();
        await Assert.That(texts).Contains("Kestrel (NativeAOT)");
        await Assert.That(texts).Contains("1.60×");   // 120000 / 75000: ours is ahead by this much
        await Assert.That(texts).Contains("4.00×");   // 120000 / 30000
        await Assert.That(texts).Contains($"{Machine}; .NET SDK 10.0.401; {Date}; load average 0.50 0.40 0.30");
        var taskList = XDocument.Load(charts[1]);
        await Assert.That(taskList.Descendants(svg + "rect").Count(static r => r.Attribute("class")?.Value == "bar")).IsEqualTo(1);
        await Assert.That(taskList.Descendants(svg + "text").Select(static t => t.Value)).Contains("11.3×"); // lower is better: 169.5 / 15

        var report = await File.ReadAllTextAsync(temp.Combine("out/report.md"));
        await Assert.That(report).Contains($"{Date} · {Machine} · .NET SDK 10.0.401");
        await Assert.That(report).Contains("## http-plaintext");
        await Assert.That(report).Contains("![http-plaintext: GET /plaintext req/s: AotSuite HelloHttp](http-plaintext-get-plaintext-req-s-aotsuite-hellohttp.svg)");
        await Assert.That(report).Contains("- skipped: nginx: nginx not found and apt-get install -y nginx failed");
        await Assert.That(report).Contains("| watcher (ours) | idle RSS | 4.50 MB | lower is better |"); // no peer: a row, no chart
    }

    [Test]
    public async Task A_malformed_line_is_an_error_naming_the_file_and_line()
    {
        using var temp = new TempDirectory();
        var output = await ReportAsync(temp, "# header\nhttp\tGET\thigher\tours\tus\n");
        await Assert.That(output.ExitCode).IsEqualTo(1);
        await Assert.That(output.Stderr).Contains($"BenchReport: error: {temp.Combine("results.tsv")}:2: expected 8 tab-separated fields");
    }

    private static async Task<ToolResult> ReportAsync(TempDirectory temp, string tsv)
    {
        var results = temp.Combine("results.tsv");
        await File.WriteAllTextAsync(results, tsv);
        return await Dotnet.RunAsync(ToolBinary.RepoRoot, "run", "--project", Path.Combine(ToolBinary.RepoRoot, "build", "BenchReport"), "-c", "Release", "--",
            results, temp.Combine("out"), "--machine", Machine, "--sdk", "10.0.401", "--date", Date, "--load", "0.50 0.40 0.30");
    }
}
