using System.Globalization;
using AotSuite.Streams.Records;

namespace AotSuite.Streams.Operators;

/// <summary>One sort key: a column, descending when written <c>-name</c>.</summary>
public sealed record SortKey(string Column, bool Descending)
{
    public static SortKey Parse(string text) => text.StartsWith('-') ? new(text[1..], true) : new(text.TrimStart('+'), false);
}

/// <summary>
/// Sorts all rows by the keys (numbers as numbers when both values read as numbers, else UTF-8 text; stable). Rows
/// are held in memory up to <paramref name="memoryBudget"/> bytes; beyond that each sorted run is spilled to a temp
/// file and the runs are merged (a k-way merge over a priority queue), so memory stays bounded whatever the input size.
/// </summary>
public sealed class SortOperator : IRecordSource
{
    private readonly IRecordSource source;
    private readonly int[] keys;
    private readonly bool[] descending;
    private readonly long memoryBudget;
    private readonly string tempDirectory;
    private readonly List<string> runs = [];
    private readonly Comparer<Entry> comparer;
    private List<Entry>? sorted;
    private int position;
    private PriorityQueue<Run, Entry>? merge;
    private Record current = new();

    public SortOperator(IRecordSource source, IEnumerable<SortKey> keys, long memoryBudget = 32 << 20, string? tempDirectory = null)
    {
        this.source = source;
        var list = keys.ToArray();
        this.keys = ColumnList.IndexesOf(source.Columns, list.Select(static k => k.Column));
        descending = [.. list.Select(static k => k.Descending)];
        this.memoryBudget = memoryBudget;
        this.tempDirectory = tempDirectory ?? Path.GetTempPath();
        comparer = Comparer<Entry>.Create(Compare);
    }

    public IReadOnlyList<string> Columns => source.Columns;

    public Record Current => current;

    /// <summary>How many sorted runs went to temp files (0 when everything fit in the budget).</summary>
    public int SpilledRuns => runs.Count;

    public bool MoveNext()
    {
        if (sorted is null) Consume();
        if (merge is null)
        {
            if (position >= sorted!.Count) return false;
            current = sorted[position].Record;
            sorted[position++] = default; // let the row go once it is handed out
            return true;
        }
        if (!merge.TryDequeue(out var run, out var entry)) return false;
        current.CopyFrom(entry.Record);
        // The run's record is reused for its next row, so the one handed out is a copy.
        if (run.Next(out var nextEntry)) merge.Enqueue(run, nextEntry);
        else run.Dispose();
        return true;
    }

    private void Consume()
    {
        sorted = [];
        long bytes = 0, sequence = 0;
        while (source.MoveNext())
        {
            var copy = new Record();
            copy.CopyFrom(source.Current);
            sorted.Add(new Entry(copy, sequence++));
            bytes += copy.Size + 48;
            if (bytes >= memoryBudget)
            {
                Spill();
                bytes = 0;
            }
        }
        if (runs.Count == 0)
        {
            sorted.Sort(comparer);
            return;
        }
        if (sorted.Count > 0) Spill();
        merge = new PriorityQueue<Run, Entry>(comparer);
        foreach (var path in runs)
        {
            var run = new Run(path, source.Current.File);
            if (run.Next(out var entry)) merge.Enqueue(run, entry);
            else run.Dispose();
        }
    }

    private void Spill()
    {
        sorted!.Sort(comparer);
        var path = Path.Combine(tempDirectory, $"etl-sort-{Environment.ProcessId}-{Guid.NewGuid():N}.run");
        // Delete-on-close: a crash or Ctrl-C leaves no run files behind.
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 1 << 16))
        using (var writer = new BinaryWriter(stream))
        {
            foreach (var entry in sorted)
            {
                writer.Write7BitEncodedInt64(entry.Sequence);
                entry.Record.WriteTo(writer);
            }
        }
        runs.Add(path);
        sorted.Clear();
    }

    private int Compare(Entry x, Entry y)
    {
        for (var k = 0; k < keys.Length; k++)
        {
            var column = keys[k];
            var a = column < x.Record.Count ? x.Record[column] : default;
            var b = column < y.Record.Count ? y.Record[column] : default;
            int order;
            if (decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var m)
                && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                order = m.CompareTo(n);
            }
            else
            {
                order = a.SequenceCompareTo(b);
            }
            if (order != 0) return descending[k] ? -order : order;
        }
        return x.Sequence.CompareTo(y.Sequence);
    }

    public void Dispose()
    {
        if (merge is not null)
        {
            while (merge.TryDequeue(out var run, out _)) run.Dispose();
        }
        foreach (var path in runs) File.Delete(path);
        source.Dispose();
    }

    private readonly record struct Entry(Record Record, long Sequence);

    /// <summary>One spilled run being merged: reads rows back one at a time.</summary>
    private sealed class Run(string path, string file) : IDisposable
    {
        private readonly BinaryReader reader = new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose));
        private readonly Record record = new();

        public bool Next(out Entry entry)
        {
            entry = default;
            if (reader.BaseStream.Position >= reader.BaseStream.Length) return false;
            var sequence = reader.Read7BitEncodedInt64();
            if (!record.ReadFrom(reader, file)) return false;
            entry = new Entry(record, sequence);
            return true;
        }

        public void Dispose() => reader.Dispose();
    }
}
