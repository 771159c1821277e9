using System.IO.Pipelines;
using System.Text;
using AotSuite.Streams.Csv;
using BenchmarkDotNet.Attributes;

namespace AotSuite.Benchmarks.Streams;

/// <summary>
/// Parse throughput on the benchmark CSV (bench/peers/csv/CsvPeers/BenchmarkCsv.cs, 8 MB, fixed seed) held in memory,
/// every field visited, each reader its fastest span-based way. The baseline is CsvHelper 34, the fastest .NET peer
/// measured by bench/peers/csv-parse.sh.
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("csv-parse"), GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class CsvReadBench
{
    private byte[] data = [];

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringWriter();
        BenchmarkCsv.Write(text, 8 << 20, seed: 42);
        data = Encoding.UTF8.GetBytes(text.ToString());
    }

    [Benchmark(Baseline = true)]
    public long CsvHelper()
    {
        // Records through foreach: CsvHelper's fastest way here (6% ahead of reader.GetSpan(i), bench/peers/csv-parse.sh).
        using var reader = global::CsvHelper.CsvReader.Create(data);
        long total = 0;
        foreach (var record in reader)
        {
            var count = record.FieldCount;
            for (var i = 0; i < count; i++) total += record.GetSpan(i).Length;
        }
        return total;
    }

    [Benchmark]
    public long Sylvan()
    {
        using var reader = global::Sylvan.Data.Csv.CsvDataReader.Create(new StreamReader(new MemoryStream(data), Encoding.UTF8, false, 1 << 16));
        long total = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++) total += reader.GetFieldSpan(i).Length;
        }
        return total;
    }

    /// <summary>Rows as views (foreach): the row stays in registers in this loop.</summary>
    [Benchmark]
    public long AotSuite()
    {
        using var reader = new CsvReader(new MemoryStream(data), bufferSize: 1 << 20);
        long total = 0;
        foreach (var row in reader)
        {
            for (var i = 0; i < row.Count; i++) total += row[i].Length;
        }
        return total;
    }

    /// <summary>The reader's own indexer (reader[i]), which goes through the reader object for every field.</summary>
    [Benchmark]
    public long AotSuiteIndexer()
    {
        using var reader = new CsvReader(new MemoryStream(data), bufferSize: 1 << 20);
        long total = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++) total += reader[i].Length;
        }
        return total;
    }

    /// <summary>The same core behind the PipeReader front end (rows handed out synchronously while the batch lasts).</summary>
    [Benchmark]
    public async Task<long> AotSuitePipe()
    {
        var pipe = PipeReader.Create(new MemoryStream(data), new StreamPipeReaderOptions(bufferSize: 1 << 16));
        using var reader = await CsvReader.OpenAsync(pipe, bufferSize: 1 << 20);
        long total = 0;
        while (await reader.ReadAsync()) total += Visit(reader.Current);
        return total;

        // A ref struct cannot live across an await: the row is read in a synchronous helper.
        static long Visit(CsvRow row)
        {
            long sum = 0;
            for (var i = 0; i < row.Count; i++) sum += row[i].Length;
            return sum;
        }
    }
}
