using System.Buffers;
using System.Text.Json;

namespace AotSuite.Streams.Jsonl;

/// <summary>
/// Writes JSON Lines: write one top-level value with <see cref="Json"/>, then call <see cref="EndLine"/>. Output goes
/// through one reused buffer to the stream in 64 KiB writes.
/// </summary>
public sealed class JsonlWriter : IDisposable
{
    private const int FlushAt = 1 << 16;
    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly ArrayBufferWriter<byte> output = new(FlushAt * 2);
    private bool disposed;

    public JsonlWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        Json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The writer for the current line's value.</summary>
    public Utf8JsonWriter Json { get; }

    public void EndLine()
    {
        Json.Flush();
        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
        Json.Reset(output);
        if (output.WrittenCount >= FlushAt) Drain();
    }

    public void Flush()
    {
        Json.Flush();
        Drain();
        stream.Flush();
    }

    private void Drain()
    {
        stream.Write(output.WrittenSpan);
        output.ResetWrittenCount();
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Flush();
        Json.Dispose();
        if (!leaveOpen) stream.Dispose();
    }
}
