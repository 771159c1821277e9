using System.Diagnostics;
using System.Text;

namespace AotSuite.AotSmokeTests;

/// <summary>The published <c>etl</c> binary: transforms, pipes, errors, atomic output and its peak memory.</summary>
public class EtlBinaryTests
{
    private const string Sales = "region,amount,day,note\nEU,120.50,2024-01-01,\"hello, world\"\nUS,80,2024-01-02,\"say \"\"hi\"\"\"\nEU,300,2024-01-03,\"multi\nline\"\nAPAC,150.25,2024-01-04,\n";

    private static Task<ToolResult> Etl(TempDirectory dir, params string[] arguments) => ToolRun.RunAsync(ToolBinary.PathOf("etl"), arguments, dir.Path);

    [Test]
    public async Task Filters_selects_groups_and_writes_jsonl_to_an_output_file()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("sales.csv"), Sales);
        var result = await Etl(dir, "sales.csv", "--where", "amount > 100", "--select", "region,amount", "--group-by", "region", "--sum", "amount", "--to", "jsonl", "-o", "out.jsonl");
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.Stdout).IsEmpty();
        await Assert.That(await File.ReadAllTextAsync(dir.Combine("out.jsonl"))).IsEqualTo("{\"region\":\"EU\",\"amount_sum\":420.50}\n{\"region\":\"APAC\",\"amount_sum\":150.25}\n");
    }

    [Test]
    public async Task Composes_in_a_shell_pipe_through_stdin_and_stdout()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("x.csv"), Sales);
        var etl = ToolBinary.PathOf("etl");
        var script = $"cat x.csv | '{etl}' --to jsonl | '{etl}' --from jsonl --to csv --sort -amount --select region,amount --head 2 | wc -l";
        var result = await ToolRun.RunAsync("/bin/bash", ["-c", $"set -o pipefail; cat x.csv | '{etl}' --to jsonl | '{etl}' --from jsonl --to csv --sort -amount --select region,amount --head 2"], dir.Path);
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.Stdout).IsEqualTo("region,amount\nEU,300\nAPAC,150.25\n");
        var count = await ToolRun.RunAsync("/bin/bash", ["-c", script], dir.Path);
        await Assert.That(count.Stdout.Trim()).IsEqualTo("3");
    }

    [Test]
    public async Task Names_file_line_and_column_of_a_malformed_row()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("bad.csv"), "a,b\n1,2\n3,\"4\"x\n5,6\n");
        var result = await Etl(dir, "bad.csv");
        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.Stderr).IsEqualTo("etl: error: bad.csv:3:6: expected a delimiter or a line break after the closing quote, found 'x' (row 2)\n");
    }

    [Test]
    public async Task Skips_bad_rows_and_reports_their_count()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("bad.csv"), "a,b\n1,2\n3,\"4\"x\n5\n7,8\n");
        var result = await Etl(dir, "bad.csv", "--skip-bad");
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.Stdout).IsEqualTo("a,b\n1,2\n7,8\n");
        await Assert.That(result.Stderr).IsEqualTo("etl: skipped 2 malformed rows\n");
    }

    [Test]
    public async Task Leaves_an_existing_output_untouched_when_a_run_fails()
    {
        using var dir = new TempDirectory();
        var text = new StringBuilder("id,v\n");
        for (var i = 0; i < 200_000; i++) text.Append(i).Append(",value-").Append(i).Append('\n');
        text.Append("oops,\"unterminated\n");
        await File.WriteAllTextAsync(dir.Combine("in.csv"), text.ToString());
        await File.WriteAllTextAsync(dir.Combine("out.csv"), "previous good output\n");
        var result = await Etl(dir, "in.csv", "-o", "out.csv");
        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.Stderr).Contains("in.csv:200002:6: unterminated quoted field");
        await Assert.That(await File.ReadAllTextAsync(dir.Combine("out.csv"))).IsEqualTo("previous good output\n");
        await Assert.That(string.Join(",", Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order())).IsEqualTo("in.csv,out.csv");
    }

    [Test]
    public async Task Fails_with_a_usage_error_for_an_unknown_column()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.Combine("s.csv"), Sales);
        var result = await Etl(dir, "s.csv", "--select", "region,amout");
        await Assert.That(result.ExitCode).IsEqualTo(2);
        await Assert.That(result.StderrLines[0]).IsEqualTo("etl: error: no column 'amout' (columns: region,amount,day,note)");
    }

    [Test]
    public async Task Transforms_a_generated_file_in_bounded_memory()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("big.csv");
        using (var writer = new StreamWriter(path))
        {
            writer.Write("id,region,amount,qty,note\n");
            var regions = new[] { "EU", "US", "APAC", "LATAM" };
            for (var i = 0; i < 600_000; i++)
            {
                writer.Write($"{i},{regions[i % 4]},{i % 1000}.{i % 100:00},{i % 7},\"note, with \"\"quotes\"\" {i}\"\n");
            }
        }
        var info = ToolRun.StartInfo(ToolBinary.PathOf("etl"), ["big.csv", "--where", "qty > 2", "--derive", "total=amount*qty", "--to", "jsonl", "-o", "out.jsonl"], dir.Path);
        using var process = ToolRun.Start(info);
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            try
            {
                process.Refresh();
                peak = Math.Max(peak, process.PeakWorkingSet64);
            }
            catch (InvalidOperationException)
            {
                break; // exited between the check and the read
            }
            await Task.Delay(10);
        }
        await process.WaitForExitAsync();
        await Assert.That(process.ExitCode).IsEqualTo(0).Because(await stderr);
        await Assert.That(new FileInfo(path).Length).IsGreaterThan(30_000_000);
        await Assert.That(peak).IsGreaterThan(0);
        await Assert.That(peak).IsLessThan(64L << 20).Because($"peak RSS {peak / 1048576.0:0.0} MB");
    }
}
