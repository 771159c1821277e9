using System.Linq;
using AotSuite.Generators;
using AotSuite.Streams.Generators.Model;

namespace AotSuite.Streams.Generators.Emitting;

/// <summary>CsvRecordSpec → the partial type's ICsvRecord implementation; never touches the semantic model.</summary>
internal static class CsvRecordEmitter
{
    private const string Csv = "global::AotSuite.Streams.Csv";

    public static string Emit(CsvRecordSpec model)
    {
        var w = new SourceWriter();
        w.Line(GeneratedCode.Header.TrimEnd('\n'));
        w.Line();
        if (model.Namespace is not null)
        {
            w.Line($"namespace {model.Namespace};");
            w.Line();
        }
        foreach (var outer in model.ContainingDeclarations)
        {
            w.Line(outer);
            w.Line("{");
            w.Indent();
        }
        using (w.Block($"{model.Declaration} : {Csv}.ICsvRecord<{model.FullName}>"))
        {
            var attributes = GeneratedCode.Attributes("AotSuite.Streams.Generators");
            var names = string.Join(", ", model.Columns.Select(static c => $"\"{c.Name}\""));
            w.Line("/// <summary>The CSV columns, in order.</summary>");
            w.Line(attributes);
            w.Line($"public static global::System.Collections.Generic.IReadOnlyList<string> ColumnNames {{ get; }} = new string[] {{ {names} }};");
            w.Line();
            w.Line("/// <summary>The current row as a record; <paramref name=\"columns\"/> comes from MapColumns.</summary>");
            w.Line(attributes);
            using (w.Block($"public static {model.FullName} Read({Csv}.CsvReader reader, int[] columns)"))
            {
                var arguments = model.Columns.Select((c, i) => Read(c, i)).ToArray();
                // The row view keeps the row's place in registers across the fields (the reader is reloaded per field).
                w.Line("var row = reader.Current;");
                w.Line("return new(");
                w.Indent();
                for (var i = 0; i < arguments.Length; i++) w.Line(arguments[i] + (i < arguments.Length - 1 ? "," : ");"));
                w.Outdent();
            }
            w.Line();
            w.Line("/// <summary>Writes this record as one row (invariant culture).</summary>");
            w.Line(attributes);
            using (w.Block($"public void Write({Csv}.CsvWriter writer)"))
            {
                foreach (var column in model.Columns) Write(w, column);
                w.Line("writer.EndRow();");
            }
        }
        foreach (var _ in model.ContainingDeclarations)
        {
            w.Outdent();
            w.Line("}");
        }
        return w.ToString();
    }

    private static string Read(CsvColumnSpec column, int index)
    {
        var field = $"columns[{index}]";
        var value = column.Kind switch
        {
            CsvValueKind.Text => $"row.GetString({field})",
            CsvValueKind.Utf8 => $"row.Parse<{column.Type}>({field})",
            _ => $"row.ParseChars<{column.Type}>({field})",
        };
        if (!column.Nullable) return value;
        var empty = column.Kind == CsvValueKind.Text ? "null" : $"({column.Type}?)null";
        return $"row[{field}].IsEmpty ? {empty} : {value}";
    }

    private static void Write(SourceWriter w, CsvColumnSpec column)
    {
        var name = column.Name;
        var value = column.Nullable && column.Kind != CsvValueKind.Text ? $"{name}.Value" : name;
        var write = column.Kind switch
        {
            CsvValueKind.Text => $"writer.WriteField({value}{(column.Nullable ? " ?? \"\"" : "")});",
            CsvValueKind.Boolean => $"writer.WriteField({value} ? \"true\"u8 : \"false\"u8);",
            CsvValueKind.DateTime => $"writer.WriteValue({value}, \"O\");",
            _ => $"writer.WriteValue({value});",
        };
        if (column.Nullable && column.Kind != CsvValueKind.Text)
        {
            w.Line($"if ({name}.HasValue) {write}");
            w.Line("else writer.WriteField(global::System.ReadOnlySpan<byte>.Empty);");
        }
        else
        {
            w.Line(write);
        }
    }
}
