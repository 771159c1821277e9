using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using AotSuite.Json;
using AotSuite.Tasks;
using BenchmarkDotNet.Attributes;

namespace AotSuite.Benchmarks.Json;

/// <summary>
/// The task store's document (1,000 tasks) written and read by our generated code against System.Text.Json's own source
/// generator (the baseline), same shape and options on both sides.
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("json"), GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class TaskDocumentBench
{
    private TaskDocument document = new();
    private byte[] utf8 = [];
    private readonly ArrayBufferWriter<byte> buffer = new(1 << 20);
    private Utf8JsonWriter writer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var created = new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= 1000; i++)
        {
            document.Tasks.Add(new TaskItem
            {
                Id = i,
                Title = $"Task number {i}",
                Done = i % 3 == 0,
                Priority = (TaskPriority)(i % 3),
                Due = i % 5 == 0 ? new DateOnly(2026, 12, 1 + i % 28) : null,
                Tags = i % 2 == 0 ? ["work"] : ["home", "errand"],
                CreatedAt = created,
                CompletedAt = i % 3 == 0 ? created.AddDays(1) : null,
            });
        }
        document.NextId = 1001;
        utf8 = JsonModel.SerializeToUtf8Bytes(document);
        writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
    }

    [Benchmark(Baseline = true), BenchmarkCategory("write")]
    public long Write_SystemTextJson()
    {
        buffer.ResetWrittenCount();
        writer.Reset();
        JsonSerializer.Serialize(writer, document, StjContext.Default.TaskDocument);
        return writer.BytesCommitted;
    }

    [Benchmark, BenchmarkCategory("write")]
    public long Write_AotSuite()
    {
        buffer.ResetWrittenCount();
        writer.Reset();
        TaskDocument.WriteJson(writer, document);
        writer.Flush();
        return writer.BytesCommitted;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("read")]
    public int Read_SystemTextJson() => JsonSerializer.Deserialize(utf8, StjContext.Default.TaskDocument)!.Tasks.Count;

    [Benchmark, BenchmarkCategory("read")]
    public int Read_AotSuite() => JsonModel.Deserialize<TaskDocument>(utf8).Tasks.Count;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(TaskDocument))]
internal sealed partial class StjContext : JsonSerializerContext;
