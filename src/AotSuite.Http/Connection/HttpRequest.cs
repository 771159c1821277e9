using System.Text;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Connection;

/// <summary>
/// The request as views: the head is copied once into the connection's reusable buffer (so it outlives the pipe's
/// buffer across an async handler) and every accessor slices it; no string unless the handler asks for one.
/// </summary>
public sealed class HttpRequest : IDisposable
{
    private readonly PooledBuffer head = new(4096);
    private readonly PooledBuffer body = new(4096);
    private readonly List<(int NameStart, int NameLength, int ValueStart, int ValueLength)> headers = [];
    private int targetStart;
    private int targetLength;
    private int methodStart;
    private int methodLength;

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

    /// <summary>The whole body (Content-Length or de-chunked), read before the handler runs.</summary>
    public ReadOnlySpan<byte> Body => body.Span;

    internal PooledBuffer BodyBuffer => body;

    internal void Reset()
    {
        head.Clear();
        body.Clear();
        headers.Clear();
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
        body.Dispose();
    }
}
