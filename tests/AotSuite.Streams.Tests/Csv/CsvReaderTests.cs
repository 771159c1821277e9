using System.Globalization;
using System.Text;
using AotSuite.Streams.Csv;

namespace AotSuite.Streams.Tests.Csv;

public class CsvReaderTests
{
    [Test]
    public async Task Reads_a_header_and_plain_rows()
    {
        var rows = CsvReading.Rows("region,amount\nEU,120\nUS,80\n");
        await Assert.That(rows).IsEqualTo("H:region|amount\n[EU][120] @2\n[US][80] @3\n");
    }

    [Test]
    public async Task Reads_quoted_fields_with_delimiters_escaped_quotes_and_newlines()
    {
        var rows = CsvReading.Rows("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\nlast,row\n");
        await Assert.That(rows).IsEqualTo("H:a|b\n[x, y][say \"hi\"] @2\n[multi\nline][z] @3\n[last][row] @5\n");
    }

    [Test]
    public async Task Unescapes_doubled_quotes_at_every_offset_of_fields_up_to_three_blocks_long()
    {
        // The reader unquotes a field of up to 128 bytes as two 64-byte blocks: a pair may straddle them, sit at either
        // end, or come in a run; a field is read twice (the second read must give the same bytes).
        var text = new StringBuilder();
        var expected = new List<string>();
        for (var length = 1; length <= 200; length++)
        {
            for (var at = 0; at < length; at++)
            {
                var value = new StringBuilder();
                for (var i = 0; i < length; i++) value.Append((char)('a' + i % 26));
                value[at] = '"';
                if (at % 3 == 0 && at + 1 < length) value[at + 1] = '"';
                if (at % 5 == 0) value[length - 1] = '"';
                expected.Add(value.ToString());
                text.Append(length).Append(",\"").Append(value.Replace("\"", "\"\"")).Append("\",end\n");
            }
        }
        var rows = 0;
        var wrong = new List<string>();
        using (var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), new CsvOptions { HasHeader = false }))
        {
            while (reader.Read())
            {
                var first = reader.GetString(1);
                if (first != expected[rows] || reader.GetString(1) != first || reader.GetString(2) != "end") wrong.Add($"row {rows + 1}: [{first}]");
                rows++;
            }
        }
        await Assert.That(rows).IsEqualTo(expected.Count);
        await Assert.That(wrong).IsEmpty();
    }

    [Test]
    public async Task Reads_every_field_through_foreach_as_the_guide_shows()
    {
        // docs/streams.md: foreach hands out CsvRow views with the same fields as reader[i].
        var csv = "region,amount,note\nnorth,12.5,\"a \"\"b\"\"\"\nsouth,3,\"x,\ny\"\n\n\"\",0,\n";
        using var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        long total = 0;
        var fields = new List<string>();
        foreach (var row in reader)
        {
            for (var i = 0; i < row.Count; i++)
            {
                total += row[i].Length;
                fields.Add(Encoding.UTF8.GetString(row[i]));
            }
        }
        await Assert.That(string.Join("|", fields)).IsEqualTo("north|12.5|a \"b\"|south|3|x,\ny||0|");
        await Assert.That(total).IsEqualTo(fields.Sum(f => (long)Encoding.UTF8.GetByteCount(f)));
    }

    [Test]
    public async Task Keeps_every_unescaped_field_of_a_row_while_later_fields_are_read()
    {
        // Fields of up to 64 bytes with doubled quotes are unescaped into one slot per field index (the first 64), the
        // rest out of line: spans taken early in a row stay right while later fields are read, through either view.
        var fields = Enumerable.Range(0, 80).Select(i => $"f{i} \"q\" {new string('x', i % 70)}").ToArray();
        var line = string.Join(',', fields.Select(f => "\"" + f.Replace("\"", "\"\"") + "\"")) + "\n";
        using var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(line + line)), new CsvOptions { HasHeader = false });
        var wrong = new List<string>();
        while (reader.Read())
        {
            var row = reader.Current;
            var early = reader[0];
            var earlyRow = row[1];
            for (var i = 0; i < fields.Length; i++)
            {
                if (reader.GetString(i) != fields[i] || Encoding.UTF8.GetString(row[i]) != fields[i]) wrong.Add($"field {i}: [{reader.GetString(i)}]");
            }
            if (Encoding.UTF8.GetString(early) != fields[0] || Encoding.UTF8.GetString(earlyRow) != fields[1]) wrong.Add("an early span changed");
        }
        await Assert.That(wrong).IsEmpty();
    }

    [Test]
    public async Task Reads_quoted_fields_without_escapes_next_to_fields_with_pairs_through_both_views()
    {
        // Every quoted field of up to 64 bytes goes through the pair-dropping compress, pairs or not; the 64 bytes it
        // loads reach into the fields after it (quotes and pairs there must not matter), and the early spans of a row
        // must stay right while later fields are read.
        string[] values = ["", "a", "x, y", "line\nbreak", "\"", "\"\"", "\"q\"", "a\"\"b", "\"\"\"", new string('p', 63), new string('p', 64), new string('p', 65)];
        var fields = new List<string>();
        for (var i = 0; i < 70; i++) fields.Add(values[i % values.Length] + (i % 5 == 0 ? "" : i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var line = string.Join(',', fields.Select(f => "\"" + f.Replace("\"", "\"\"") + "\"")) + "\n";
        var wrong = new List<string>();
        using (var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(line + line + line)), new CsvOptions { HasHeader = false }))
        {
            var rows = 0;
            foreach (var row in reader)
            {
                rows++;
                var early = reader[2];
                var earlyRow = row[6];
                for (var i = 0; i < fields.Count; i++)
                {
                    if (reader.GetString(i) != fields[i] || Encoding.UTF8.GetString(row[i]) != fields[i]) wrong.Add($"row {rows} field {i}: [{reader.GetString(i)}] [{Encoding.UTF8.GetString(row[i])}]");
                }
                if (Encoding.UTF8.GetString(early) != fields[2] || Encoding.UTF8.GetString(earlyRow) != fields[6]) wrong.Add($"row {rows}: an early span changed");
            }
            await Assert.That(rows).IsEqualTo(3);
        }
        await Assert.That(wrong).IsEmpty();
    }

    [Test]
    public async Task Reads_rows_wider_than_the_field_end_array_after_narrow_ones()
    {
        // The block classifier stops at a row with more field ends than its array holds (2,048 at first), grows the
        // array and classifies the batch again; a wide row after narrow ones ends their batch and starts the next.
        var text = new StringBuilder();
        int[] widths = [9000, 3, 3, 9000, 2, 3];
        foreach (var width in widths)
        {
            for (var i = 0; i < width; i++) text.Append(i > 0 ? "," : "").Append(i % 7 == 0 ? $"\"q,{i}\"" : i.ToString(CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        var read = new List<int>();
        var wrong = 0;
        using (var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), new CsvOptions { HasHeader = false, RaggedRows = RaggedRows.Pad }))
        {
            while (reader.Read())
            {
                read.Add(reader.RawFieldCount);
                for (var i = 0; i < reader.RawFieldCount; i++)
                {
                    if (reader.GetString(i) != (i % 7 == 0 ? $"q,{i}" : i.ToString(CultureInfo.InvariantCulture))) wrong++;
                }
            }
        }
        await Assert.That(read).IsEquivalentTo(widths);
        await Assert.That(wrong).IsEqualTo(0);
    }

    [Test]
    public async Task Reads_crlf_rows_with_blank_lines_between_them_across_many_batches()
    {
        // The block classifier keeps every line break outside quotes and tells rows from blank lines (and a CRLF's LF)
        // once per batch: thousands of CRLF rows with quoted line breaks and blank lines read as the rows alone.
        var text = new StringBuilder("a,b,c\r\n");
        var expected = new StringBuilder();
        var line = 2;
        for (var i = 0; i < 5000; i++)
        {
            if (i % 7 == 3)
            {
                text.Append("\r\n");
                line++;
            }
            if (i % 11 == 5)
            {
                text.Append("\n\r\r\n");
                line += 3;
            }
            text.Append(CultureInfo.InvariantCulture, $"{i},\"q\r\n{i}\",x\r\n");
            expected.Append(CultureInfo.InvariantCulture, $"{i}|q\r\n{i}|x@{line}\n");
            line += 2;
        }
        var read = new StringBuilder();
        using (var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()))))
        {
            foreach (var row in reader)
            {
                read.Append(row.GetString(0)).Append('|').Append(row.GetString(1)).Append('|').Append(row.GetString(2)).Append('@').Append(reader.Line).Append('\n');
            }
        }
        await Assert.That(read.ToString()).IsEqualTo(expected.ToString());
    }

    [Test]
    public async Task Accepts_crlf_lf_and_cr_line_endings_and_no_final_line_break()
    {
        var rows = CsvReading.Rows("a,b\r\n1,2\r3,4\n5,6");
        await Assert.That(rows).IsEqualTo("H:a|b\n[1][2] @2\n[3][4] @3\n[5][6] @4\n");
    }

    [Test]
    public async Task Keeps_empty_fields_and_skips_blank_lines()
    {
        var rows = CsvReading.Rows("a,b,c\n,,\n\n\r\n1,,\"\"\n");
        await Assert.That(rows).IsEqualTo("H:a|b|c\n[][][] @2\n[1][][] @5\n");
    }

    [Test]
    public async Task Skips_a_utf8_byte_order_mark()
    {
        var rows = CsvReading.Rows("\uFEFFname\nZoë\n");
        await Assert.That(rows).IsEqualTo("H:name\n[Zoë] @2\n");
    }

    [Test]
    public async Task Reads_a_semicolon_dialect_with_backslash_escapes_and_no_header()
    {
        var options = new CsvOptions { Delimiter = (byte)';', Escape = (byte)'\\', HasHeader = false };
        var rows = CsvReading.Rows("1;\"a \\\"b\\\" \\\\ c\"\n2;plain\\text\n", options);
        await Assert.That(rows).IsEqualTo("[1][a \"b\" \\ c] @1\n[2][plain\\text] @2\n");
    }

    [Test]
    public async Task Reads_tab_separated_values()
    {
        var rows = CsvReading.Rows("a\tb\n1\t2 3\n", new CsvOptions { Delimiter = (byte)'\t' });
        await Assert.That(rows).IsEqualTo("H:a|b\n[1][2 3] @2\n");
    }

    [Test]
    public async Task Grows_its_buffer_for_a_row_longer_than_the_buffer()
    {
        var big = new string('x', 5000);
        var rows = CsvReading.Rows($"a,b\n\"{big}\",{big}\n1,2\n", bufferSize: 64);
        await Assert.That(rows).IsEqualTo($"H:a|b\n[{big}][{big}] @2\n[1][2] @3\n");
    }

    [Test]
    public async Task Treats_a_quote_inside_an_unquoted_field_as_data()
    {
        var rows = CsvReading.Rows("a,b\n5\" pipe,x\n");
        await Assert.That(rows).IsEqualTo("H:a|b\n[5\" pipe][x] @2\n");
    }

    [Test]
    public async Task Pads_short_rows_when_asked()
    {
        var rows = CsvReading.Rows("a,b,c\n1\n1,2,3\n", new CsvOptions { RaggedRows = RaggedRows.Pad });
        await Assert.That(rows).IsEqualTo("H:a|b|c\n[1][][] @2\n[1][2][3] @3\n");
    }

    [Test]
    public async Task Pads_short_rows_with_quoted_and_escaped_fields_in_the_row_view()
    {
        // A padded row's view is a copy: its quoted fields (escaped, and one past two blocks) read as the reader's.
        var longField = string.Concat(Enumerable.Repeat("ab\"\"c", 30));
        var csv = $"a,b,c,d\n\"x,\"\"y\"\"\"\n\"q\",\"r\"\"\"\n1,2,3,4\n,\n\"{longField}\",\"\"\n";
        var rows = CsvReading.Rows(csv, new CsvOptions { RaggedRows = RaggedRows.Pad });
        var unescaped = longField.Replace("\"\"", "\"");
        await Assert.That(rows).IsEqualTo($"H:a|b|c|d\n[x,\"y\"][][][] @2\n[q][r\"][][] @3\n[1][2][3][4] @4\n[][][][] @5\n[{unescaped}][][][] @6\n");
    }

    [Test]
    public async Task Rejects_a_ragged_row_naming_file_line_and_the_header()
    {
        var error = CsvReading.Error("a,b\n1,2\n\"x\ny\"\n");
        await Assert.That(error.Message).IsEqualTo("test.csv:3:1: expected 2 fields as the header 'a,b', found 1 (lines 3-4) (row 2)");
        await Assert.That(error.Line).IsEqualTo(3);
    }

    [Test]
    public async Task Rejects_text_after_a_closing_quote_with_line_and_column()
    {
        var error = CsvReading.Error("a,b\n1,2\n3,\"4\"x\n");
        await Assert.That(error.Message).IsEqualTo("test.csv:3:6: expected a delimiter or a line break after the closing quote, found 'x' (row 2)");
        await Assert.That(error.Column).IsEqualTo(6);
    }

    [Test]
    public async Task Rejects_an_unterminated_quote_at_the_end_of_the_input()
    {
        var error = CsvReading.Error("a,b\n1,\"open\nstill open\n");
        await Assert.That(error.Message).IsEqualTo("test.csv:2:3: unterminated quoted field: expected a closing quote before the end of the input (row 1)");
    }

    [Test]
    public async Task Reads_on_after_a_malformed_row_when_the_caller_skips_it()
    {
        using var reader = new CsvReader(new MemoryStream("a,b\n1,\"2\"x\n3,4\n"u8.ToArray()), file: "t.csv");
        await Assert.That(reader.Read).Throws<DataFormatException>();
        await Assert.That(reader.Read()).IsTrue();
        await Assert.That(reader.GetString(0)).IsEqualTo("3");
        await Assert.That(reader.Row).IsEqualTo(2);
        await Assert.That(reader.Line).IsEqualTo(3);
    }

    [Test]
    public async Task Parses_typed_values_with_invariant_culture_and_names_the_column_on_failure()
    {
        using var reader = new CsvReader(new MemoryStream("n,price,day\n42,1234.50,2024-02-29\nx,1,2024-01-01\n"u8.ToArray()), file: "sales.csv");
        reader.Read();
        await Assert.That(reader.Parse<int>(0)).IsEqualTo(42);
        await Assert.That(reader.Parse<decimal>(1)).IsEqualTo(1234.50m);
        reader.Read();
        var error = Assert.Throws<DataFormatException>(() => reader.Parse<int>(0));
        await Assert.That(error.Message).IsEqualTo("sales.csv:3:1: column 1 ('n'): expected int32, found 'x' (row 2)");
    }

    [Test]
    public async Task Reports_bytes_consumed_for_progress()
    {
        var data = "a\n1\n2\n"u8.ToArray();
        using var reader = new CsvReader(new MemoryStream(data));
        while (reader.Read())
        {
        }
        await Assert.That(reader.BytesConsumed).IsEqualTo(data.Length);
    }

    [Test]
    public async Task Bytes_consumed_after_each_row_is_where_the_next_row_starts_when_reads_end_between_a_CR_and_its_LF()
    {
        // CRLF rows of 1 to 150 bytes (the block classifier and the byte-by-byte parser both end rows here), the input
        // arriving in reads that each end right after a CR: a row's LF comes only with the next read.
        var text = new StringBuilder();
        var starts = new List<long>();
        for (var i = 0; i < 600; i++)
        {
            text.Append(i).Append(',').Append('x', i % 150).Append(i % 7 == 0 ? ",\"q, \"\"r\"\"\"" : ",z").Append("\r\n");
            starts.Add(text.Length);
        }
        var data = Encoding.UTF8.GetBytes(text.ToString());
        var chunks = new Queue<int>();
        var previous = 0;
        for (var at = 0; at < data.Length; at++)
        {
            if (data[at] != '\r') continue;
            chunks.Enqueue(at + 1 - previous);
            previous = at + 1;
        }
        foreach (var bufferSize in new[] { 64, 200, 1 << 12 })
        {
            var reads = new Queue<int>(chunks);
            using var reader = new CsvReader(new ChunkedStream(data, () => reads.Count > 0 ? reads.Dequeue() : int.MaxValue), new CsvOptions { HasHeader = false }, bufferSize: bufferSize);
            var row = 0;
            var wrong = new List<string>();
            while (reader.Read())
            {
                if (reader.BytesConsumed != starts[row]) wrong.Add($"row {row + 1}: {reader.BytesConsumed}, expected {starts[row]}");
                row++;
            }
            await Assert.That(row).IsEqualTo(600);
            await Assert.That(wrong).IsEmpty().Because($"buffer {bufferSize}");
            await Assert.That(reader.BytesConsumed).IsEqualTo(data.Length);
        }
    }

    [Test]
    public async Task Reads_an_empty_last_field_at_the_end_of_the_input_where_the_buffer_held_quotes_before()
    {
        // The reader looks at an empty field's first byte, which at the end of the input lies past the data, where an
        // earlier fill left bytes: here quotes, since every row before the last is made of them.
        var text = new StringBuilder();
        for (var i = 0; i < 40; i++) text.Append("\"\"\"\"\"\"\"\",\"\"\"\"\"\"\"\"\"\"\n");
        text.Append("1,");
        var data = Encoding.UTF8.GetBytes(text.ToString());
        foreach (var bufferSize in new[] { 64, 100, 1 << 12 })
        {
            foreach (var chunk in new[] { 1, 7, 64, int.MaxValue })
            {
                using var reader = new CsvReader(new ChunkedStream(data, () => chunk), new CsvOptions { HasHeader = false }, bufferSize: bufferSize);
                string last = "";
                var rows = 0;
                while (reader.Read())
                {
                    rows++;
                    last = $"{reader.GetString(0)}|{reader.GetString(1)}|{reader.Current[1].Length}";
                }
                await Assert.That(rows).IsEqualTo(41);
                await Assert.That(last).IsEqualTo("1||0").Because($"buffer {bufferSize}, reads of {chunk}");
            }
        }
    }

    [Test]
    public async Task Allocates_nothing_per_row_once_warm()
    {
        var text = new StringBuilder("a,b,c,d\n");
        for (var i = 0; i < 20_000; i++) text.Append(i).Append(",\"quoted, with \"\"escape\"\"\",plain,").Append(i * 3).Append('\n');
        var data = Encoding.UTF8.GetBytes(text.ToString());
        static long Sum(byte[] data)
        {
            using var reader = new CsvReader(new MemoryStream(data));
            long total = 0;
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++) total += reader[i].Length;
            }
            return total;
        }
        Sum(data);
        using var reader = new CsvReader(new MemoryStream(data));
        reader.Read();
        var before = GC.GetAllocatedBytesForCurrentThread();
        long total = 0;
        while (reader.Read())
        {
            // Every other row through the row view.
            if (reader.Row % 2 == 0)
            {
                for (var i = 0; i < reader.FieldCount; i++) total += reader[i].Length;
                continue;
            }
            var row = reader.Current;
            for (var i = 0; i < row.Count; i++) total += row[i].Length;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await Assert.That(total).IsGreaterThan(0);
        await Assert.That(allocated).IsEqualTo(0);
    }

    [Test]
    public async Task Reads_a_16_MB_file_in_a_buffer_of_constant_size()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("streams-").FullName, "big.csv");
        try
        {
            using (var writer = new CsvWriter(File.Create(path)))
            {
                writer.WriteRow("id", "text", "amount");
                for (var i = 0; i < 300_000; i++)
                {
                    writer.WriteValue(i);
                    writer.WriteField("a \"quoted\", long-ish text field\nwith a newline");
                    writer.WriteValue(i * 1.25m);
                    writer.EndRow();
                }
            }
            // This thread only: tests running in parallel allocate on theirs.
            var before = GC.GetAllocatedBytesForCurrentThread();
            long rows = 0;
            using (var reader = new CsvReader(File.OpenRead(path)))
            {
                while (reader.Read()) rows += reader[2].Length > 0 ? 1 : 0;
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            await Assert.That(rows).IsEqualTo(300_000);
            await Assert.That(new FileInfo(path).Length).IsGreaterThan(16_000_000);
            await Assert.That(allocated).IsLessThan(1 << 20);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
