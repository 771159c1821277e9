using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Connection;

/// <summary>
/// The request as views: the head is copied once into the connection's reusable buffer (so it outlives the pipe's
/// buffer across an async handler) and every accessor slices it; no string unless the handler asks for one. The body is
/// either read whole before the handler runs (<see cref="Body"/>, the default) or, with
/// <see cref="HttpServerOptions.StreamRequestBodies"/>, left to the handler: piece by piece as it arrives
/// (<see cref="BodyReader"/>) or whole on request (<see cref="ReadBodyAsync"/>).
/// </summary>
public sealed class HttpRequest : IDisposable
{
    private readonly PooledBuffer head = new(4096);
    // Dropped at a protocol switch, as the body reader is.
    private PooledBuffer? bodyBuffer = new(4096);
    private readonly List<(int NameStart, int NameLength, int ValueStart, int ValueLength)> headers = [];
    private int targetStart;
    private int targetLength;
    private int methodStart;
    private int methodLength;
    private bool bodyBuffered = true;
    private HttpBodyReader? reader;

    public HttpMethod Method { get; private set; }

    public HttpVersion Version { get; private set; }

    public ReadOnlySpan<byte> MethodText => head.Slice(methodStart, methodLength);

    /// <summary>The request target as sent: path and query.</summary>
    public ReadOnlySpan<byte> Target => head.Slice(targetStart, targetLength);

    public ReadOnlySpan<byte> Path => Target.IndexOf((byte)'?') is var q and >= 0 ? Target[..q] : Target;

    public ReadOnlySpan<byte> Query => Target.IndexOf((byte)'?') is var q and >= 0 ? Target[(q + 1)..] : default;

    public int HeaderCount => headers.Count;

    public ReadOnlySpan<byte> HeaderName(int index) => head.Slice(headers[index].NameStart, headers[index].NameLength);

    public ReadOnlySpan<byte> HeaderValue(int index) => head.Slice(headers[index].ValueStart, headers[index].ValueLength);

    /// <summary>The first header field named <paramref name="name"/> (ASCII case-insensitive).</summary>
    public bool TryGetHeader(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (Ascii.EqualsIgnoreCase(HeaderName(i), name))
            {
                value = HeaderValue(i);
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>
    /// The whole body (Content-Length or de-chunked). Read before the handler runs unless bodies are streamed; then
    /// only after <see cref="ReadBodyAsync"/> (a request without a body reads as empty at once).
    /// </summary>
    public ReadOnlySpan<byte> Body => !bodyBuffered ? BodyNotRead() : bodyBuffer is { } buffer ? buffer.Span : default;

    /// <summary>True when <see cref="Body"/> holds the whole body: read before the handler, by <see cref="ReadBodyAsync"/>, or none was sent.</summary>
    public bool IsBodyBuffered => bodyBuffered;

    /// <summary>The length the request declared with <c>Content-Length</c> (0 when it has no body); null for a chunked body.</summary>
    public long? ContentLength { get; private set; }

    /// <summary>
    /// The body as it arrives; see <see cref="HttpBodyReader"/>. When the server read the body before the handler, it
    /// hands that out as one piece, so a handler written for streamed bodies works either way.
    /// </summary>
    public HttpBodyReader BodyReader => reader ?? throw new InvalidOperationException("the request belongs to no connection, so it has no body to read");

    /// <summary>
    /// Reads the rest of the body into <see cref="Body"/> (within <see cref="HttpBodyReader.MaxBytes"/>); completes at
    /// once when it is already there. Failures are those of <see cref="HttpBodyReader.ReadAsync"/>.
    /// </summary>
    public ValueTask ReadBodyAsync(CancellationToken cancellationToken = default) =>
        bodyBuffered ? ValueTask.CompletedTask : ReadWholeBodyAsync(cancellationToken);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadWholeBodyAsync(CancellationToken cancellationToken)
    {
        await BodyReader.ReadAllAsync(BodyBuffer, cancellationToken);
        bodyBuffered = true;
    }

    internal void Attach(HttpBodyReader bodyReader) => reader = bodyReader;

    /// <summary>Before the handler (bodies not streamed): the whole body, which the body reader then hands out as one piece.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    internal async ValueTask BufferBodyAsync()
    {
        await ReadBodyAsync();
        BodyReader.Replay(BodyBuffer.Memory);
    }

    /// <summary>Called by the connection once the head is complete: the body's framing, not yet read.</summary>
    internal void SetBody(RequestFramingResult framing)
    {
        ContentLength = framing.Body == RequestBodyKind.Chunked ? null : framing.ContentLength;
        bodyBuffered = framing.Body == RequestBodyKind.None;
    }

    [DoesNotReturn, StackTraceHidden]
    private static ReadOnlySpan<byte> BodyNotRead() => throw new InvalidOperationException(
        "the request body has not been read: bodies are streamed (HttpServerOptions.StreamRequestBodies), so await Request.ReadBodyAsync() first, or read it as it arrives from Request.BodyReader");

    /// <summary>
    /// At a protocol switch: the body and the pool's 4 KiB head buffer go back, the head's bytes stay (in an array of
    /// their size) because the upgraded protocol's handler may still read the path, query and header fields. The body
    /// reader goes too: it holds the HTTP connection, which would otherwise live as long as this request.
    /// </summary>
    internal void ReleaseForUpgrade()
    {
        reader = null;
        bodyBuffer?.Dispose();
        bodyBuffer = null;
        head.TrimToContent();
        headers.TrimExcess();
    }

    internal int RetainedBytes => head.Capacity + (bodyBuffer?.Capacity ?? 0);

    private PooledBuffer BodyBuffer => bodyBuffer ??= new PooledBuffer(4096);

    internal void Reset()
    {
        head.Clear();
        BodyBuffer.Clear();
        headers.Clear();
        ContentLength = 0;
        bodyBuffered = true;
    }

    internal void SetRequestLine(HttpMethod method, ReadOnlySpan<byte> methodText, ReadOnlySpan<byte> target, HttpVersion version)
    {
        Method = method;
        Version = version;
        methodStart = head.Append(methodText);
        methodLength = methodText.Length;
        targetStart = head.Append(target);
        targetLength = target.Length;
    }

    internal void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        headers.Add((head.Append(name), name.Length, head.Append(value), value.Length));

    public void Dispose()
    {
        head.Dispose();
        bodyBuffer?.Dispose();
    }
}
