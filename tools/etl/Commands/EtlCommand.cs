using AotSuite.Cli;
using AotSuite.Streams;
using AotSuite.Streams.Csv;
using AotSuite.Streams.Jsonl;
using AotSuite.Streams.Operators;
using AotSuite.Streams.Records;
using ConsoleAppFramework;

namespace AotSuite.Tools.Etl.Commands;

internal static class EtlCommand
{
    /// <summary>
    /// Transform CSV or JSONL: derive, where, rename, select, dedupe, group-by, sort, skip, head, in that order.
    /// Reads stdin and writes stdout unless given a file and -o.
    /// </summary>
    /// <param name="input">Input file; '-' or none reads stdin.</param>
    /// <param name="output">-o, Output file, written to a temp name and renamed when complete; stdout when omitted.</param>
    /// <param name="from">Input format: csv or jsonl (default: from the file extension, else csv).</param>
    /// <param name="to">Output format: csv or jsonl (default: from the -o extension, else the input format).</param>
    /// <param name="where">Keep rows for which this holds, e.g. "amount > 100 and region != 'EU'".</param>
    /// <param name="derive">Add or replace columns: name=expression, e.g. total=amount*qty (comma-separated list).</param>
    /// <param name="rename">Rename columns: old=new (comma-separated list).</param>
    /// <param name="select">Keep these columns in this order; old:new renames one (comma-separated list).</param>
    /// <param name="dedupe">Drop rows equal to an earlier one (all columns).</param>
    /// <param name="dedupeBy">Drop rows whose values in these columns equal an earlier row's.</param>
    /// <param name="groupBy">Group by these columns; emits one row per group with the aggregates.</param>
    /// <param name="count">With --group-by: a count column (the default when no aggregate is given).</param>
    /// <param name="sum">With --group-by: column_sum for each column.</param>
    /// <param name="min">With --group-by: column_min for each column.</param>
    /// <param name="max">With --group-by: column_max for each column.</param>
    /// <param name="mean">With --group-by: column_mean for each column.</param>
    /// <param name="sort">Sort by these columns; -name sorts descending. Spills to temp files beyond --memory-mb.</param>
    /// <param name="skip">Drop the first N output rows.</param>
    /// <param name="head">Stop after N output rows.</param>
    /// <param name="delimiter">-d, Field delimiter of CSV input and output (one character; \t for tab).</param>
    /// <param name="noHeader">CSV input has no header row; columns are named 1, 2, ...</param>
    /// <param name="ragged">Rows with too few fields: error (default) or pad with empty fields.</param>
    /// <param name="skipBad">Skip malformed rows instead of stopping; their count is reported at the end.</param>
    /// <param name="memoryMb">Memory budget of --sort before it spills to temp files.</param>
    public static int Run([Argument] string input = "-", string output = "", string from = "", string to = "", string where = "",
        string[]? derive = null, string[]? rename = null, string[]? select = null, bool dedupe = false, string[]? dedupeBy = null,
        string[]? groupBy = null, bool count = false, string[]? sum = null, string[]? min = null, string[]? max = null,
        string[]? mean = null, string[]? sort = null, long skip = 0, long head = -1, string delimiter = ",", bool noHeader = false,
        string ragged = "error", bool skipBad = false, int memoryMb = 32, CancellationToken cancellationToken = default)
    {
        var inputFormat = Format(from, input, "--from") ?? "csv";
        var outputFormat = Format(to, output, "--to") ?? inputFormat;
        var csv = new CsvOptions
        {
            Delimiter = Delimiter(delimiter),
            HasHeader = !noHeader,
            RaggedRows = ragged switch
            {
                "error" => RaggedRows.Error,
                "pad" => RaggedRows.Pad,
                _ => throw CliException.Usage($"--ragged '{ragged}': expected error or pad"),
            },
        };
        if (memoryMb < 1) throw CliException.Usage($"--memory-mb {memoryMb}: expected at least 1");
        if ((sum ?? min ?? max ?? mean) is not null && groupBy is null) throw CliException.Usage("--sum, --min, --max and --mean need --group-by");

        var fileName = input == "-" ? "stdin" : input;
        Stream inStream;
        try
        {
            inStream = input == "-" ? Console.OpenStandardInput() : new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new CliException($"{input}: cannot read ({e.Message})");
        }
        var total = inStream.CanSeek ? inStream.Length : -1;

        Func<long> consumed;
        Func<long> skipped;
        IRecordSource pipeline;
        if (inputFormat == "csv")
        {
            // Inline, not read ahead: on a quiet machine reading ahead won no time on 1 GB and cost ~1.6x the CPU
            // (docs/BENCHMARKS.md, "CSV parsing and etl"), and rows from a pipe go through as they arrive.
            var source = new CsvRecordSource(new CsvReader(inStream, csv, fileName), skipBad);
            consumed = () => source.Reader.BytesConsumed;
            skipped = () => source.Skipped;
            pipeline = source;
        }
        else
        {
            var source = new JsonlRecordSource(new JsonlReader(inStream, fileName), skipBad);
            consumed = () => source.Reader.BytesConsumed;
            skipped = () => source.Skipped;
            pipeline = source;
        }

        var progress = new EtlProgress(total, consumed);
        pipeline = new ProgressSource(pipeline, progress, cancellationToken);
        foreach (var d in derive ?? []) pipeline = new DeriveOperator(pipeline, d);
        if (where.Length > 0) pipeline = new WhereOperator(pipeline, where);
        if (rename is not null) pipeline = new RenameOperator(pipeline, rename);
        if (select is not null) pipeline = new SelectOperator(pipeline, select);
        if (dedupe || dedupeBy is not null) pipeline = new DedupeOperator(pipeline, dedupeBy);
        if (groupBy is not null)
        {
            var aggregates = new List<Aggregate>();
            if (count) aggregates.Add(new Aggregate(AggregateKind.Count));
            aggregates.AddRange((sum ?? []).Select(static c => new Aggregate(AggregateKind.Sum, c)));
            aggregates.AddRange((min ?? []).Select(static c => new Aggregate(AggregateKind.Min, c)));
            aggregates.AddRange((max ?? []).Select(static c => new Aggregate(AggregateKind.Max, c)));
            aggregates.AddRange((mean ?? []).Select(static c => new Aggregate(AggregateKind.Mean, c)));
            pipeline = new GroupByOperator(pipeline, groupBy, aggregates);
        }
        if (sort is not null) pipeline = new SortOperator(pipeline, sort.Select(SortKey.Parse), (long)memoryMb << 20);
        if (skip > 0) pipeline = new SkipOperator(pipeline, skip);
        if (head >= 0) pipeline = new HeadOperator(pipeline, head);

        using (pipeline)
        using (progress)
        {
            AtomicOutput.Write(output, stream =>
            {
                IRecordSink sink = outputFormat == "csv"
                    ? new CsvRecordSink(new CsvWriter(stream, csv, leaveOpen: true))
                    : new JsonlRecordSink(new JsonlWriter(stream, leaveOpen: true));
                using (sink)
                {
                    var columns = pipeline.Columns;
                    if (sink is CsvRecordSink csvSink && !noHeader) csvSink.WriteHeader(columns);
                    while (pipeline.MoveNext()) sink.Write(columns, pipeline.Current);
                    sink.Flush();
                }
            });
        }

        var bad = skipped();
        if (bad > 0) Console.Error.WriteLine($"etl: skipped {bad} malformed row{(bad == 1 ? "" : "s")}");
        return ExitCodes.Ok;
    }

    private static string? Format(string given, string path, string option)
    {
        if (given.Length > 0)
        {
            return given.ToLowerInvariant() switch
            {
                "csv" or "tsv" => "csv",
                "jsonl" or "ndjson" or "json" => "jsonl",
                _ => throw CliException.Usage($"{option} '{given}': expected csv or jsonl"),
            };
        }
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".jsonl" or ".ndjson" => "jsonl",
            ".csv" or ".tsv" => "csv",
            _ => null,
        };
    }

    private static byte Delimiter(string text)
    {
        if (text is "\\t" or "tab") return (byte)'\t';
        if (text.Length != 1 || text[0] > 127) throw CliException.Usage($"--delimiter '{text}': expected one ASCII character");
        return (byte)text[0];
    }
}
