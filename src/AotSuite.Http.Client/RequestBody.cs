using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AotSuite.Json;

namespace AotSuite.Http.Client;

/// <summary>
/// A request body: bytes (sent with <c>Content-Length</c>, replayable), or a stream (sent as it is read: with
/// <c>Content-Length</c> when the length is known, chunked otherwise; replayable only when seekable).
/// </summary>
public sealed class RequestBody
{
    private readonly long streamStart;

    private RequestBody(ReadOnlyMemory<byte> bytes, Stream? stream, long? length, string? contentType)
    {
        Bytes = bytes;
        Stream = stream;
        Length = length;
        ContentType = contentType;
        if (stream is { CanSeek: true }) streamStart = stream.Position;
    }

    public string? ContentType { get; }

    /// <summary>The body's length when known up front; null sends it chunked.</summary>
    public long? Length { get; }

    internal ReadOnlyMemory<byte> Bytes { get; }

    internal Stream? Stream { get; }

    internal bool IsReplayable => Stream is null || Stream.CanSeek;

    public static RequestBody FromBytes(ReadOnlyMemory<byte> bytes, string? contentType = "application/octet-stream") =>
        new(bytes, null, bytes.Length, contentType);

    public static RequestBody FromString(string text, string? contentType = "text/plain; charset=utf-8") =>
        FromBytes(Encoding.UTF8.GetBytes(text), contentType);

    /// <summary>Streams <paramref name="stream"/> to the server as it is read (not buffered); the caller disposes it.</summary>
    public static RequestBody FromStream(Stream stream, long? length = null, string? contentType = "application/octet-stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "must be 0 or more");
        return new(default, stream, length, contentType);
    }

    /// <summary>JSON through System.Text.Json's source-generated metadata (no reflection).</summary>
    public static RequestBody Json<T>(T value, JsonTypeInfo<T> typeInfo) =>
        FromBytes(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), "application/json");

    /// <summary>JSON through AotSuite's generated writer (<c>[JsonModel]</c> types).</summary>
    public static RequestBody JsonModel<T>(T value) where T : IJsonModel<T> =>
        FromBytes(AotSuite.Json.JsonModel.SerializeToUtf8Bytes(value), "application/json");

    /// <summary>Puts a seekable stream back where it started, before the body is sent again.</summary>
    internal void Rewind()
    {
        if (Stream is { CanSeek: true }) Stream.Position = streamStart;
    }
}
