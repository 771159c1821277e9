using System.IO.Pipelines;
using System.Net.Sockets;

namespace AotSuite.Http.Connection;

/// <summary>
/// Status, header fields and a body. Buffered by default: the connection writes it all, with its Content-Length, when
/// the handler completes. Streamed once the handler calls <see cref="StartAsync"/>, <see cref="WriteAsync"/> or
/// <see cref="SendFileAsync"/>: the head goes out first, then the body as it comes, each write waiting for the client
/// to take the previous bytes (backpressure).
/// </summary>
public sealed partial class HttpResponse : IDisposable
{
    /// <summary>Below this, a file is read into the pipe and leaves with the head in one write; above it, sendfile(2).</summary>
    internal const long SendFileThreshold = 64 * 1024;

    private const int FileBlock = 64 * 1024;

    // Dropped at a protocol switch (an upgraded connection keeps its response for the handler's context, not these).
    private PooledBuffer? headerBuffer = new(1024);
    private PooledBuffer? bodyBuffer = new(4096);
    private PipeWriter? output;
    private Socket? socket;
    private bool headRequest;
    private bool http10;
    private BodyFraming framing;
    private long remaining;
    private FileSender? fileSender;

    public int StatusCode { get; set; } = 200;

    /// <summary>
    /// Told just before a streamed head is written, while fields can still be added (a framework's CORS and request-id
    /// fields, which a buffered answer gets after its handler returns). Set once per connection; kept across requests.
    /// </summary>
    internal IResponseHeadListener? HeadListener { get; set; }

    /// <summary>True once the head has been written: status and header fields can no longer change.</summary>
    public bool HasStarted => framing != BodyFraming.Buffered;

    /// <summary>Whether the connection may carry another request after this response (decided when the head is written).</summary>
    internal bool KeepAlive { get; private set; }

    /// <summary>Adds a header field; the connection writes Date, Content-Length/Transfer-Encoding and Connection itself.</summary>
    public void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (HasStarted) HttpResponseThrow.AlreadyStarted();
        HeaderBuffer.Append(name);
        HeaderBuffer.Append(": "u8);
        HeaderBuffer.Append(value);
        HeaderBuffer.Append("\r\n"u8);
    }

    /// <summary>
    /// Buffers <paramref name="bytes"/>; once the response has started, writes them into the connection's pipe (framed)
    /// without waiting for the client. Use <see cref="WriteAsync"/> for bodies too large to hold.
    /// </summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (framing == BodyFraming.Buffered)
        {
            BodyBuffer.Append(bytes);
        }
        else
        {
            WriteStreamed(bytes);
        }
    }

    internal ReadOnlySpan<byte> HeaderBytes => HeaderBuffer.Span;

    internal ReadOnlySpan<byte> Body => BodyBuffer.Span;

    /// <summary>Called by the connection before the handler runs: where a streamed response goes, and how it may be framed.</summary>
    internal void Attach(PipeWriter writer, Socket? directSocket, bool isHeadRequest, bool isHttp10, bool keepAlive)
    {
        output = writer;
        socket = directSocket;
        headRequest = isHeadRequest;
        http10 = isHttp10;
        KeepAlive = keepAlive;
    }

    /// <summary>Discards the status, header fields and body written so far, e.g. to answer with an error instead.</summary>
    public void Clear()
    {
        if (HasStarted) HttpResponseThrow.AlreadyStarted();
        ResetHeadAndBody();
        // The answer written instead is still the compression middleware's to code.
        ResetEncoding(keepOffer: true);
    }

    /// <summary>At a protocol switch, once the 101 is out: nothing more is written through this response.</summary>
    internal void ReleaseForUpgrade()
    {
        headerBuffer?.Dispose();
        bodyBuffer?.Dispose();
        headerBuffer = bodyBuffer = null;
        // What earlier requests on the connection made: after this the context holds nothing to give back (no Dispose).
        fileSender?.Dispose();
        encoder?.Dispose();
        fileSender = null;
        encoder = null;
        // The HTTP side's writer: the switched-to protocol may be given another, and this one would live on here.
        output = null;
        socket = null;
    }

    internal int RetainedBytes => (headerBuffer?.Capacity ?? 0) + (bodyBuffer?.Capacity ?? 0);

    private PooledBuffer HeaderBuffer => headerBuffer ??= new PooledBuffer(1024);

    private PooledBuffer BodyBuffer => bodyBuffer ??= new PooledBuffer(4096);

    internal void Reset()
    {
        ResetHeadAndBody();
        ResetEncoding(keepOffer: false);
    }

    private void ResetHeadAndBody()
    {
        StatusCode = 200;
        HeaderBuffer.Clear();
        BodyBuffer.Clear();
        framing = BodyFraming.Buffered;
        remaining = 0;
    }

    public void Dispose()
    {
        headerBuffer?.Dispose();
        bodyBuffer?.Dispose();
        fileSender?.Dispose();
        encoder?.Dispose();
    }
}
