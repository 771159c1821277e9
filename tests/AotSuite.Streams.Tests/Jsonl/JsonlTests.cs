using System.Text;
using AotSuite.Streams.Jsonl;

namespace AotSuite.Streams.Tests.Jsonl;

public class JsonlTests
{
    [Test]
    public async Task Splits_lines_skipping_blank_ones_and_accepting_crlf()
    {
        var data = Encoding.UTF8.GetBytes("{\"a\":1}\r\n\n  \n{\"a\":2}");
        foreach (var stream in new Stream[] { ChunkedStream.Whole(data), ChunkedStream.ByteByByte(data), ChunkedStream.RandomSplits(data, 5) })
        {
            using var reader = new JsonlReader(stream, bufferSize: 64);
            var lines = new List<string>();
            while (reader.Read()) lines.Add($"{reader.Line}:{Encoding.UTF8.GetString(reader.Current)}");
            await Assert.That(string.Join(" ", lines)).IsEqualTo("1:{\"a\":1} 4:{\"a\":2}");
        }
    }

    [Test]
    public async Task Keeps_json_types_from_jsonl_to_jsonl()
    {
        var output = Pipelines.ToJsonl(Pipelines.Jsonl("{\"s\":\"x\\\"y\",\"n\":1.5e3,\"b\":true,\"z\":null,\"o\":{\"k\":[1,2]}}\n{\"n\":2,\"s\":\"é\"}\n"));
        await Assert.That(output).IsEqualTo("{\"s\":\"x\\\"y\",\"n\":1.5e3,\"b\":true,\"z\":null,\"o\":{\"k\":[1,2]}}\n{\"s\":\"é\",\"n\":2,\"b\":null,\"z\":null,\"o\":null}\n");
    }

    [Test]
    public async Task Converts_csv_to_jsonl_writing_numbers_as_numbers()
    {
        var output = Pipelines.ToJsonl(Pipelines.Csv("id,name,amount,code\n1,\"a, b\",12.50,007\n"));
        await Assert.That(output).IsEqualTo("{\"id\":1,\"name\":\"a, b\",\"amount\":12.50,\"code\":\"007\"}\n");
    }

    [Test]
    public async Task Converts_jsonl_to_csv()
    {
        var output = Pipelines.ToCsv(Pipelines.Jsonl("{\"a\":\"x,y\",\"b\":2}\n{\"a\":\"line\\nbreak\",\"b\":null}\n"));
        await Assert.That(output).IsEqualTo("a,b\n\"x,y\",2\n\"line\nbreak\",\n");
    }

    [Test]
    public async Task Rejects_invalid_json_naming_file_line_and_column()
    {
        var error = Assert.Throws<DataFormatException>(() => Pipelines.ToCsv(Pipelines.Jsonl("{\"a\":1}\n{\"a\":}\n")));
        await Assert.That(error.Message).StartsWith("in.jsonl:2:6: invalid JSON:");
    }

    [Test]
    public async Task Rejects_a_key_the_first_object_lacked_unless_skipping_bad_rows()
    {
        var error = Assert.Throws<DataFormatException>(() => Pipelines.ToCsv(Pipelines.Jsonl("{\"a\":1}\n{\"a\":2,\"b\":3}\n")));
        await Assert.That(error.Message).IsEqualTo("in.jsonl:2:8: key 'b' is not among the columns from line 1 (a) (row 2)");

        var source = (JsonlRecordSource)Pipelines.Jsonl("{\"a\":1}\n{\"a\":2,\"b\":3}\n[1]\n{\"a\":4}\n", skipBad: true);
        var output = Pipelines.ToCsv(source);
        await Assert.That(output).IsEqualTo("a\n1\n4\n");
        await Assert.That(source.Skipped).IsEqualTo(2);
    }
}
