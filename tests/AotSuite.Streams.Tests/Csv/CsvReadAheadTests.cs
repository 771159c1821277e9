using System.Text;
using AotSuite.Streams.Csv;

namespace AotSuite.Streams.Tests.Csv;

/// <summary>The read-ahead thread (CsvReader's readAhead): the same rows, lines and offsets as reading inline.</summary>
public class CsvReadAheadTests
{
    [Test]
    public async Task Reads_a_file_as_reading_inline_does_with_rows_longer_than_a_chunk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"readahead-{Guid.NewGuid():N}.csv");
        try
        {
            var text = new StringBuilder("id,note,n\n");
            for (var i = 0; i < 20_000; i++)
            {
                // Every 997th note outgrows the 4 KiB chunks (and their room), with doubled quotes and line breaks.
                var note = i % 997 == 0 ? new string('x', 9_000) + "\"\"\n" + i : $"n \"\"{i}\"\"";
                text.Append(i).Append(",\"").Append(note).Append("\",").Append(i * 7).Append(i % 3 == 0 ? "\r\n" : "\n");
            }
            await File.WriteAllTextAsync(path, text.ToString());

            var inline = Describe(path, readAhead: false);
            var ahead = Describe(path, readAhead: true);
            await Assert.That(ahead).IsEqualTo(inline);
            // The last row starts after the header, 19,999 rows and the 21 line breaks inside the long notes.
            await Assert.That(ahead).Contains($"row 20000 line {1 + 1 + 19_999 + 21} 19999 ");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task Throws_the_streams_error_on_every_read_after_it()
    {
        var rows = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a,b,c\n", 10_000)));
        using var reader = new CsvReader(ChunkedStream.FailingHalfway(rows), new CsvOptions { HasHeader = false }, bufferSize: 4096, readAhead: true);
        var read = 0;
        var error = Assert.Throws<IOException>(() =>
        {
            while (reader.Read()) read++;
        });
        await Assert.That(error.Message).IsEqualTo("the disk went away");
        await Assert.That(read).IsGreaterThan(0).And.IsLessThan(10_000);
        // The thread has stopped: a further read fails again instead of waiting for it.
        await Assert.That(Assert.Throws<IOException>(() => reader.Read()).Message).IsEqualTo("the disk went away");
    }

    [Test]
    public async Task Disposing_before_the_end_stops_the_thread_and_closes_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"readahead-{Guid.NewGuid():N}.csv");
        try
        {
            await File.WriteAllTextAsync(path, string.Concat(Enumerable.Repeat("1,2,3\n", 200_000)));
            using (var reader = new CsvReader(File.OpenRead(path), new CsvOptions { HasHeader = false }, bufferSize: 4096, readAhead: true))
            {
                await Assert.That(reader.Read()).IsTrue();
                await Assert.That(reader.GetString(2)).IsEqualTo("3");
            }
            await Assert.That(await LengthOnceClosed(path)).IsEqualTo(1_200_000L);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task A_malformed_header_throws_from_the_constructor_and_closes_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"readahead-{Guid.NewGuid():N}.csv");
        try
        {
            await File.WriteAllTextAsync(path, "\"id\"x,name\n" + string.Concat(Enumerable.Repeat("1,a\n", 100_000)));
            var error = Assert.Throws<DataFormatException>(() => new CsvReader(File.OpenRead(path), file: "h.csv", bufferSize: 4096, readAhead: true));
            await Assert.That(error.Message).IsEqualTo("h.csv:1:5: expected a delimiter or a line break after the closing quote, found 'x' (row 1)");
            await Assert.That(await LengthOnceClosed(path)).IsEqualTo(400_011L);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The file's length, read through an exclusive open: it succeeds once the reader has closed the file and the
    /// thread's read in flight (if any) has returned, so it polls, with a deadline generous for a loaded machine.
    /// </summary>
    private static async Task<long> LengthOnceClosed(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                return exclusive.Length;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>
    /// Every row as "row N line L fields...", then the bytes consumed at the end (not per row: a CR at the end of the
    /// data read so far counts without the LF that may follow, so the figure depends on where reads end).
    /// </summary>
    private static string Describe(string path, bool readAhead)
    {
        var output = new StringBuilder();
        using var reader = new CsvReader(File.OpenRead(path), file: path, bufferSize: 4096, readAhead: readAhead);
        foreach (var row in reader)
        {
            output.Append("row ").Append(reader.Row).Append(" line ").Append(reader.Line);
            for (var i = 0; i < row.Count; i++) output.Append(' ').Append(Encoding.UTF8.GetString(row[i]));
            output.Append('\n');
        }
        return output.Append("end @").Append(reader.BytesConsumed).ToString();
    }
}
