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
        using var reader = global::CsvHelper.CsvReader.Create(data);
        long total = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++) total += reader.GetSpan(i).Length;
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

    [Benchmark]
    public long AotSuite()
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
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++) total += reader[i].Length;
        }
        return total;
    }
}
