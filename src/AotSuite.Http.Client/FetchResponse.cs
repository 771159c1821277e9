using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AotSuite.Http.Client.Transport;
using AotSuite.Http.Connection;
using AotSuite.Http.Parsing;
using AotSuite.Json;

namespace AotSuite.Http.Client;

/// <summary>
/// A response whose head has arrived. The body is read once: streamed from <see cref="Body"/>, or whole through the
/// <c>ReadAs…</c> helpers. The connection goes back to its pool as soon as the body has been read to its end;
/// disposing the response before that closes the connection instead. Header fields stay readable until disposal.
/// </summary>
public sealed partial class FetchResponse : IDisposable, IAsyncDisposable
{
    private readonly PooledBuffer headBytes = new(1024);
    private (int NameStart, int NameLength, int ValueStart, int ValueLength)[] headers = [];
    private int headerCount;
    private int reasonStart;
    private int reasonLength;
    private ClientConnection? connection;
    private RequestScope? scope;
    private Stream? body;
    private bool bodyTaken;
    private bool disposed;

    internal FetchResponse(FetchRequest request, FetchClientOptions options)
    {
        Request = request;
        Options = options;
    }

    /// <summary>The request this answers; after redirects, the last one sent (see <see cref="Url"/>).</summary>
    public FetchRequest Request { get; }

    public Uri Url => Request.Url;

    public int StatusCode { get; private set; }

    public HttpVersion Version { get; private set; }

    public bool IsSuccessStatusCode => StatusCode is >= 200 and < 300;

    /// <summary>How many redirects were followed to get here.</summary>
    public int RedirectCount { get; internal set; }

    /// <summary>How many retries were made for this response (after the first attempt).</summary>
    public int RetryCount { get; internal set; }

    internal FetchClientOptions Options { get; }

    public string ReasonPhrase => Encoding.Latin1.GetString(headBytes.Slice(reasonStart, reasonLength));

    public int HeaderCount => headerCount;

    public ReadOnlySpan<byte> HeaderName(int index) => headBytes.Slice(Entry(index).NameStart, Entry(index).NameLength);

    public ReadOnlySpan<byte> HeaderValue(int index) => headBytes.Slice(Entry(index).ValueStart, Entry(index).ValueLength);

    /// <summary>The first header field named <paramref name="name"/> (ASCII case-insensitive), as bytes.</summary>
    public bool TryGetHeader(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        for (var i = 0; i < headerCount; i++)
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

    /// <summary>The first header field named <paramref name="name"/> as a string, or null.</summary>
    public string? GetHeader(string name)
    {
        Span<byte> ascii = stackalloc byte[Math.Min(name.Length, 256)];
        if (name.Length > 256 || Encoding.ASCII.GetBytes(name, ascii) != name.Length) return null;
        return TryGetHeader(ascii, out var value) ? Encoding.Latin1.GetString(value) : null;
    }

    /// <summary>Every value of the fields named <paramref name="name"/>, in order (e.g. Set-Cookie).</summary>
    public IReadOnlyList<string> GetHeaderValues(string name)
    {
        var values = new List<string>();
        for (var i = 0; i < headerCount; i++)
        {
            if (Encoding.ASCII.GetString(HeaderName(i)).Equals(name, StringComparison.OrdinalIgnoreCase)) values.Add(Encoding.Latin1.GetString(HeaderValue(i)));
        }
        return values;
    }

    /// <summary>The body's length on the wire when the server said it (<c>Content-Length</c>).</summary>
    public long? ContentLength =>
        TryGetHeader("Content-Length"u8, out var value) && System.Buffers.Text.Utf8Parser.TryParse(value, out long length, out var used) && used == value.Length
            ? length
            : null;

    /// <summary>Throws a <see cref="FetchException"/> (with the status) unless the status is 2xx.</summary>
    public FetchResponse EnsureSuccessStatusCode()
    {
        if (!IsSuccessStatusCode)
        {
            throw new FetchException($"{Request}: the server answered {StatusCode} {ReasonPhrase}") { StatusCode = StatusCode };
        }
        return this;
    }

    /// <summary>
    /// The body as a stream, decoded when the server compressed it (gzip, deflate, br) and
    /// <see cref="FetchClientOptions.AutomaticDecompression"/> is on. Read it to the end, then dispose the response.
    /// </summary>
    public Stream Body
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (body is not null) return body;
            TakeBody();
            return body = ContentDecoding.Wrap(new ResponseBodyStream(this), this);
        }
    }

    private (int NameStart, int NameLength, int ValueStart, int ValueLength) Entry(int index)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)headerCount, nameof(index));
        return headers[index];
    }

    private void TakeBody()
    {
        if (bodyTaken) throw new InvalidOperationException($"{Request}: the response body was already read; it can be read once");
        bodyTaken = true;
    }

    internal void SetStatusLine(HttpVersion version, int statusCode, ReadOnlySpan<byte> reasonPhrase)
    {
        Version = version;
        StatusCode = statusCode;
        reasonLength = reasonPhrase.Length;
        reasonStart = headBytes.Append(reasonPhrase);
    }

    internal void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (headerCount == headers.Length)
        {
            var bigger = ArrayPool<(int, int, int, int)>.Shared.Rent(Math.Max(16, headerCount * 2));
            headers.AsSpan(0, headerCount).CopyTo(bigger);
            if (headers.Length > 0) ArrayPool<(int, int, int, int)>.Shared.Return(headers);
            headers = bigger;
        }
        headers[headerCount++] = (headBytes.Append(name), name.Length, headBytes.Append(value), value.Length);
    }

    /// <summary>Forgets an interim (1xx) head; the final one follows.</summary>
    internal void ClearHead()
    {
        headBytes.Clear();
        headerCount = 0;
    }

    /// <summary>Takes over the connection (until the body ends) and the request's scope (until disposal).</summary>
    internal void Attach(ClientConnection connection, RequestScope requestScope)
    {
        scope = requestScope;
        if (connection.BodyDone) connection.Pool.Return(connection, connection.Reusable);
        else this.connection = connection;
    }

    /// <summary>The body is still on the connection (the request's scope must live on until it is read).</summary>
    internal bool HasPendingBody => connection is not null;

    /// <summary>Disposes a response the client answered itself (a retry, a redirect): the request, and its scope, go on.</summary>
    internal void DisposeIntermediate()
    {
        scope = null;
        Dispose();
    }

    /// <summary>Reads raw (still encoded) body bytes; 0 at the end, when the connection goes back to its pool.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal async ValueTask<int> ReadRawAsync(Memory<byte> destination, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var current = connection;
        if (current is null) return 0;
        using var callerRegistration = cancellation.CanBeCanceled && scope is not null
            ? cancellation.UnsafeRegister(static s => ((RequestScope)s!).Cancel(), scope)
            : default;
        int read;
        try
        {
            read = await current.ReadBodyAsync(destination, scope?.Token ?? CancellationToken.None);
        }
        catch (Exception e)
        {
            // Only the owner hands it back: a Dispose racing this read may have taken it already.
            if (Interlocked.CompareExchange(ref connection, null, current) == current) current.Pool.Return(current, reusable: false);
            if (e is OperationCanceledException && cancellation.IsCancellationRequested)
            {
                throw new OperationCanceledException($"{Request}: reading the body was cancelled by the caller", e, cancellation);
            }
            throw FetchClient.Translate(e, Request, scope, "reading the response body");
        }
        if (current.BodyDone) ReleaseConnection();
        return read;
    }

    /// <summary>The body just ended: the connection goes back (reusable or not), and the request's timer stops.</summary>
    private void ReleaseConnection()
    {
        var current = Interlocked.Exchange(ref connection, null);
        if (current is null) return;
        current.Pool.Return(current, current.Reusable);
        scope?.Dispose();
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        var current = Interlocked.Exchange(ref connection, null);
        // An unread body: the connection's position in the stream is unknown to the next request, so it closes.
        if (current is not null) current.Pool.Return(current, current.BodyDone && current.Reusable);
        scope?.Dispose();
        body?.Dispose();
        headBytes.Dispose();
        if (headers.Length > 0) ArrayPool<(int, int, int, int)>.Shared.Return(headers);
        headers = [];
        headerCount = 0;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"{StatusCode} {ReasonPhrase} ({Request})";
}
