// The .NET side of bench/peers/csv-parse.sh.
//   CsvPeers generate <file.csv> <megabytes> [seed]   writes the benchmark CSV (fixed seed: same bytes every run)
//   CsvPeers parse <file.csv> [rounds]                 parses it with each .NET reader, every field visited,
//                                                      prints "name MB/s checksum" per reader (best of the rounds)
using System.Diagnostics;
using System.Globalization;
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
        ("AotSuite.Streams", AotSuite),
        ("Sylvan.Data.Csv", Sylvan),
        ("CsvHelper", CsvHelperSpan),
    ];
    foreach (var (name, parse) in readers)
    {
        parse(file); // warm-up: JIT, tiering, page cache
        var best = double.MaxValue;
        long checksum = 0;
        for (var r = 0; r < rounds; r++)
        {
            var clock = Stopwatch.StartNew();
            checksum = parse(file);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {size / 1048576.0 / best:0} {checksum}"));
    }
    return 0;
}
Console.Error.WriteLine("usage: CsvPeers generate <file.csv> <megabytes> [seed] | parse <file.csv> [rounds]");
return 2;

// Every reader visits every field: the checksum is the total of the field lengths, in bytes (UTF-8) or chars
// (Sylvan reads UTF-16; the data is ASCII, so the two totals match).
static long AotSuite(string file)
{
    using var reader = new AotSuite.Streams.Csv.CsvReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), bufferSize: 1 << 20);
    long total = 0;
    while (reader.Read())
    {
        for (var i = 0; i < reader.FieldCount; i++) total += reader[i].Length;
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
    while (reader.Read())
    {
        for (var i = 0; i < reader.FieldCount; i++) total += reader.GetSpan(i).Length;
    }
    return total;
}
