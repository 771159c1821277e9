// The .NET side of bench/peers/csv-parse.sh.
//   CsvPeers generate <file.csv> <megabytes> [seed]   writes the benchmark CSV (fixed seed: same bytes every run)
//   CsvPeers parse <file.csv> [rounds] [readers]       parses it with each .NET reader (or those named, comma-separated), every field
//                                                      visited, prints "name MB/s checksum cpuMB/s" per reader (best
//                                                      of the rounds, wall clock and process CPU time)
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

if (args is ["generate", var output, var megabytes, ..])
{
    var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 42;
    BenchmarkCsv.Generate(output, long.Parse(megabytes, CultureInfo.InvariantCulture) << 20, seed);
    return 0;
}
if (args is ["parse", var file, ..])
{
    var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
    var size = new FileInfo(file).Length;
    (string Name, Func<string, long> Parse)[] readers =
    [
        ("AotSuite.Streams", file => AotSuite(file, readAhead: true)),
        ("AotSuite.Streams-1thread", file => AotSuite(file, readAhead: false)),
        ("Sylvan.Data.Csv", Sylvan),
        ("CsvHelper", CsvHelperSpan),
    ];
    // Some readers only: quick A/B runs of two builds of the same reader (keep both of ours for the same warm-up: they
    // share one visiting function, which reaches its tier-1 code only after the calls of both).
    if (args.Length > 3) readers = Array.FindAll(readers, reader => args[3].Split(',').Contains(reader.Name));
    // Rounds go round-robin over the readers, so a change in the machine's load hits every reader alike; wall time and
    // this process's CPU time are both reported (CPU time is what the reader costs when other work shares the cores).
    var wall = new double[readers.Length];
    var cpu = new double[readers.Length];
    var checksums = new long[readers.Length];
    Array.Fill(wall, double.MaxValue);
    Array.Fill(cpu, double.MaxValue);
    WarmUp(readers, file);
    for (var r = 0; r < rounds; r++)
    {
        for (var i = 0; i < readers.Length; i++)
        {
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            checksums[i] = readers[i].Parse(file);
            wall[i] = Math.Min(wall[i], clock.Elapsed.TotalSeconds);
            cpu[i] = Math.Min(cpu[i], (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds);
        }
    }
    for (var i = 0; i < readers.Length; i++)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{readers[i].Name} {size / 1048576.0 / wall[i]:0} {checksums[i]} {size / 1048576.0 / cpu[i]:0}"));
    }
    return 0;
}
Console.Error.WriteLine("usage: CsvPeers generate <file.csv> <megabytes> [seed] | parse <file.csv> [rounds] [reader,...]");
return 2;

// Every reader visits every field, unquoted and unescaped, as a span: the checksum is the total of the field lengths,
// in bytes (UTF-8) or chars (Sylvan reads UTF-16; the data is ASCII, so the two totals match). Each reader uses its
// fastest way to go through rows: AotSuite.Streams and CsvHelper foreach over row/record views (for CsvHelper 6% faster
// than reader.GetSpan(i) on the reader, measured here), Sylvan GetFieldSpan. Both byte readers read the file with
// unbuffered FileStreams (CsvHelper's BufferSize 1 MiB made no difference over its default 64 KiB).
// AotSuite.Streams reads ahead on a second thread (the kernel's copy of the file overlaps the parse; the peers read on
// one thread); AotSuite.Streams-1thread is the same reader without it.
// Not inlined into the lambdas that pick readAhead: the JIT sizes its inlining budget by the method it compiles, and a
// lambda of a few bytes holding this loop ran out of it (the row loop called CsvReader.Read per row), where the peers'
// functions are the delegates' targets themselves and compiled with their own budget.
[MethodImpl(MethodImplOptions.NoInlining)]
static long AotSuite(string file, bool readAhead)
{
    using var reader = new AotSuite.Streams.Csv.CsvReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), bufferSize: 1 << 20, readAhead: readAhead);
    long total = 0;
    foreach (var row in reader)
    {
        for (var i = 0; i < row.Count; i++) total += row[i].Length;
    }
    return total;
}

static long Sylvan(string file)
{
    using var text = new StreamReader(file, Encoding.UTF8, false, 1 << 16);
    using var reader = global::Sylvan.Data.Csv.CsvDataReader.Create(text, new global::Sylvan.Data.Csv.CsvDataReaderOptions { BufferSize = 1 << 16 });
    long total = 0;
    while (reader.Read())
    {
        for (var i = 0; i < reader.FieldCount; i++) total += reader.GetFieldSpan(i).Length;
    }
    return total;
}

static long CsvHelperSpan(string file)
{
    using var reader = global::CsvHelper.CsvReader.Create(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), null, false);
    long total = 0;
    foreach (var record in reader)
    {
        var count = record.FieldCount;
        for (var i = 0; i < count; i++) total += record.GetSpan(i).Length;
    }
    return total;
}

// Every reader reaches its steady-state code before it is timed, as BenchmarkDotNet's warm-up would: a parse function
// called only a few times runs its loops as tier-0 code patched by on-stack replacement, which makes a reader whose
// row loop is inlined into the caller (ours) slower than one whose loop stays in its own tier-1 methods (CsvHelper).
// So each is first called until tiered compilation has promoted it, on a small file of the same generator, with pauses
// for the background compiler; then once on the benchmark file (page cache). A parse function with a loop takes two
// promotions (instrumented code, then tier 1) of 30 calls each, counted only once no method has been compiled for
// 100 ms: with 60 calls every reader's parse function (ours, CsvHelper's, Sylvan's alike) was still timed as the
// on-stack-replaced code of its instrumented tier (DOTNET_JitDisasmSummary=1), which keeps a caller's loop values on
// the stack; 160 calls reach tier 1 for all three.
static void WarmUp((string Name, Func<string, long> Parse)[] readers, string file)
{
    var small = Path.Combine(Path.GetTempPath(), $"csvpeers-warmup-{Environment.ProcessId}.csv");
    BenchmarkCsv.Generate(small, 1 << 20, 7);
    try
    {
        for (var batch = 0; batch < 16; batch++)
        {
            foreach (var (_, parse) in readers)
            {
                for (var call = 0; call < 10; call++) parse(small);
            }
            Thread.Sleep(200);
        }
    }
    finally
    {
        File.Delete(small);
    }
    foreach (var (_, parse) in readers) parse(file);
}
