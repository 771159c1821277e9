using System.Globalization;
using System.Text;
using AotSuite.Streams.Records;

namespace AotSuite.Streams.Operators;

/// <summary>
/// Groups rows by the key columns and emits one row per group, in the order groups first appear: the keys, then each
/// aggregate. Memory grows with the number of groups. Empty values are left out of sum, min, max and mean (as Miller
/// does); any other value that is not a number is an error naming the row.
/// </summary>
public sealed class GroupByOperator : IRecordSource
{
    private readonly IRecordSource source;
    private readonly int[] keys;
    private readonly Aggregate[] aggregates;
    private readonly int[] aggregateColumns;
    private readonly Record record = new();
    private List<Group>? groups;
    private int emitted;

    public GroupByOperator(IRecordSource source, IEnumerable<string> keyColumns, IEnumerable<Aggregate> aggregates)
    {
        this.source = source;
        keys = ColumnList.IndexesOf(source.Columns, keyColumns);
        this.aggregates = [.. aggregates];
        if (this.aggregates.Length == 0) this.aggregates = [new Aggregate(AggregateKind.Count)];
        aggregateColumns = [.. this.aggregates.Select(a => a.Kind == AggregateKind.Count ? -1 : ColumnList.IndexOf(source.Columns, a.Column!))];
        Columns = [.. keys.Select(k => source.Columns[k]), .. this.aggregates.Select(static a => a.OutputName)];
    }

    public IReadOnlyList<string> Columns { get; }

    public Record Current => record;

    public bool MoveNext()
    {
        groups ??= Consume();
        if (emitted >= groups.Count) return false;
        var group = groups[emitted++];
        record.Clear();
        record.CopyPosition(group.Keys);
        for (var i = 0; i < group.Keys.Count; i++) record.Add(group.Keys[i], group.Keys.KindOf(i));
        for (var a = 0; a < aggregates.Length; a++)
        {
            var state = group.States[a];
            switch (aggregates[a].Kind)
            {
                case AggregateKind.Count:
                    record.AddFormatted(group.Count, ValueKind.Number);
                    break;
                case AggregateKind.Sum:
                    record.AddFormatted(state.Sum, ValueKind.Number);
                    break;
                case AggregateKind.Mean when state.Count > 0:
                    record.AddFormatted(state.Sum / state.Count, ValueKind.Number);
                    break;
                case AggregateKind.Min when state.Count > 0:
                    record.AddFormatted(state.Min, ValueKind.Number);
                    break;
                case AggregateKind.Max when state.Count > 0:
                    record.AddFormatted(state.Max, ValueKind.Number);
                    break;
                default:
                    record.Add([], ValueKind.Null);
                    break;
            }
        }
        return true;
    }

    private List<Group> Consume()
    {
        var list = new List<Group>();
        var index = new Dictionary<string, Group>(StringComparer.Ordinal);
        var scratch = new StringBuilder();
        while (source.MoveNext())
        {
            var row = source.Current;
            var key = RecordKey.Of(row, keys, scratch);
            if (!index.TryGetValue(key, out var group))
            {
                var keyRecord = new Record();
                keyRecord.CopyPosition(row);
                foreach (var k in keys) keyRecord.Add(k < row.Count ? row[k] : default, k < row.Count ? row.KindOf(k) : ValueKind.Text);
                group = new Group(keyRecord, new State[aggregates.Length]);
                index.Add(key, group);
                list.Add(group);
            }
            group.Count++;
            for (var a = 0; a < aggregates.Length; a++)
            {
                var column = aggregateColumns[a];
                if (column < 0 || column >= row.Count) continue;
                var value = row[column];
                if (value.IsEmpty || row.KindOf(column) == ValueKind.Null) continue;
                if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    throw new DataFormatException(row.File, row.Line, 1, row.Row,
                        $"column '{source.Columns[column]}' ({aggregates[a].Kind.ToString().ToLowerInvariant()}): expected a number, found '{Encoding.UTF8.GetString(value)}'");
                }
                ref var state = ref group.States[a];
                state.Min = state.Count == 0 ? number : Math.Min(state.Min, number);
                state.Max = state.Count == 0 ? number : Math.Max(state.Max, number);
                state.Sum += number;
                state.Count++;
            }
        }
        return list;
    }

    public void Dispose() => source.Dispose();

    private sealed class Group(Record keys, State[] states)
    {
        public Record Keys { get; } = keys;

        public State[] States { get; } = states;

        public long Count;
    }

    private struct State
    {
        public decimal Sum, Min, Max;
        public long Count;
    }
}
