using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AotSuite.Streams.Csv;

namespace AotSuite.Streams.Tests.Csv;

public class CsvPipeReaderTests
{
    [Test]
    public async Task Reads_rows_from_a_socket_through_a_PipeReader()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var sending = Task.Run(async () =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            var text = new StringBuilder("id,name,note\r\n");
            for (var i = 1; i <= 5000; i++) text.Append(i).Append(",\"n, ").Append(i).Append("\",\"say \"\"").Append(i).Append("\"\"\"\r\n");
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            for (var at = 0; at < bytes.Length; at += 1000) await stream.WriteAsync(bytes.AsMemory(at, Math.Min(1000, bytes.Length - at)));
        });
        using var server = await listener.AcceptTcpClientAsync();
        using var reader = await CsvReader.OpenAsync(PipeReader.Create(server.GetStream()), file: "socket");
        var rows = 0;
        var last = "";
        long lastLine = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            await Assert.That(reader.Parse<int>(0)).IsEqualTo(rows);
            last = reader.GetString(1) + "|" + reader.GetString(2);
            lastLine = reader.Line;
        }
        await sending;
        await Assert.That(reader.Header).IsEquivalentTo(new[] { "id", "name", "note" });
        await Assert.That(rows).IsEqualTo(5000);
        await Assert.That(last).IsEqualTo("n, 5000|say \"5000\"");
        await Assert.That(lastLine).IsEqualTo(5001);
    }

    [Test]
    public async Task Hands_out_a_complete_row_before_more_input_arrives()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("a,b\n1,2\n3,"u8.ToArray());
        using var reader = await CsvReader.OpenAsync(pipe.Reader);
        await Assert.That(await reader.ReadAsync()).IsTrue();
        await Assert.That(reader.GetString(1)).IsEqualTo("2");
        var next = reader.ReadAsync();
        await Assert.That(next.IsCompleted).IsFalse();
        await pipe.Writer.WriteAsync("4\n"u8.ToArray());
        await pipe.Writer.CompleteAsync();
        await Assert.That(await next).IsTrue();
        await Assert.That(reader.GetString(1)).IsEqualTo("4");
        await Assert.That(await reader.ReadAsync()).IsFalse();
    }

    [Test]
    public async Task Hands_out_a_row_ending_on_the_last_CR_so_far_once_the_next_byte_says_whether_an_LF_follows()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("a,b\r\n1,2\r"u8.ToArray());
        using var reader = await CsvReader.OpenAsync(pipe.Reader);
        var next = reader.ReadAsync();
        await Assert.That(next.IsCompleted).IsFalse();
        await pipe.Writer.WriteAsync("\n3,4\r"u8.ToArray());
        await Assert.That(await next).IsTrue();
        await Assert.That(reader.GetString(1)).IsEqualTo("2");
        await Assert.That(reader.BytesConsumed).IsEqualTo(10); // "a,b\r\n1,2\r\n": the LF counted with its row
        next = reader.ReadAsync();
        await Assert.That(next.IsCompleted).IsFalse();
        await pipe.Writer.CompleteAsync(); // the end of the input ends the CR-terminated row
        await Assert.That(await next).IsTrue();
        await Assert.That(reader.GetString(0)).IsEqualTo("3");
        await Assert.That(reader.BytesConsumed).IsEqualTo(14);
        await Assert.That(await reader.ReadAsync()).IsFalse();
    }

    [Test]
    public async Task Refuses_a_synchronous_read_of_a_pipe()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("a\n1\n"u8.ToArray());
        await pipe.Writer.CompleteAsync();
        using var reader = await CsvReader.OpenAsync(pipe.Reader);
        var error = Assert.Throws<InvalidOperationException>(() => reader.Read());
        await Assert.That(error.Message).Contains("ReadAsync");
    }

    [Test]
    public async Task Reports_a_malformed_row_from_a_pipe_with_its_line_and_column()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("a,b\n1,2\n3,\"4\"x\n"u8.ToArray());
        await pipe.Writer.CompleteAsync();
        using var reader = await CsvReader.OpenAsync(pipe.Reader, file: "feed.csv");
        await Assert.That(await reader.ReadAsync()).IsTrue();
        var error = await Assert.ThrowsAsync<DataFormatException>(async () => await reader.ReadAsync());
        await Assert.That(error!.Message).IsEqualTo("feed.csv:3:6: expected a delimiter or a line break after the closing quote, found 'x' (row 2)");
    }
}
