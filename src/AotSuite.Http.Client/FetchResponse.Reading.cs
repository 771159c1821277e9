using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AotSuite.Json;

namespace AotSuite.Http.Client;

public sealed partial class FetchResponse
{
    /// <summary>The whole body (decoded), at most <see cref="Parsing.HttpLimits.MaxBodyBytes"/> bytes.</summary>
    public async ValueTask<byte[]> ReadAsBytesAsync(CancellationToken cancellation = default)
    {
        if (TryTakeWholeBody(out var whole))
        {
            try
            {
                return whole.ToArray();
            }
            finally
            {
                ReleaseConnection();
            }
        }
        var buffer = await ReadAllAsync(cancellation);
        try
        {
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>The whole body (decoded) as UTF-8 text.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<string> ReadAsStringAsync(CancellationToken cancellation = default)
    {
        if (TryTakeWholeBody(out var whole))
        {
            try
            {
                return Encoding.UTF8.GetString(whole);
            }
            finally
            {
                ReleaseConnection();
            }
        }
        var buffer = await ReadAllAsync(cancellation);
        try
        {
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>The body as JSON through System.Text.Json's source-generated metadata (no reflection).</summary>
    public async ValueTask<T> ReadJsonAsync<T>(JsonTypeInfo<T> typeInfo, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (TryTakeWholeBody(out var whole))
        {
            try
            {
                return DeserializeJson(whole, typeInfo);
            }
            finally
            {
                ReleaseConnection();
            }
        }
        var buffer = await ReadAllAsync(cancellation);
        try
        {
            return DeserializeJson(buffer.WrittenSpan, typeInfo);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>The body as JSON through AotSuite's generated reader (<c>[JsonModel]</c> types).</summary>
    public async ValueTask<T> ReadJsonModelAsync<T>(CancellationToken cancellation = default) where T : IJsonModel<T>
    {
        if (TryTakeWholeBody(out var whole))
        {
            try
            {
                return JsonModel.Deserialize<T>(whole, Url.ToString());
            }
            finally
            {
                ReleaseConnection();
            }
        }
        var buffer = await ReadAllAsync(cancellation);
        try
        {
            return JsonModel.Deserialize<T>(buffer.WrittenSpan, Url.ToString());
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private T DeserializeJson<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8, typeInfo)!;
        }
        catch (JsonException e)
        {
            throw new FetchException($"{Request}: the body is not the JSON {typeof(T).Name} expected: {e.Message}", e) { StatusCode = StatusCode };
        }
    }

    /// <summary>
    /// The fast path: a Content-Length body, not encoded, already whole in the connection's buffer (small responses
    /// arrive with their head). The span is the connection's buffer: the caller turns it into its result, then calls
    /// <see cref="ReleaseConnection"/>, never the other way round (the next request would overwrite it).
    /// </summary>
    private bool TryTakeWholeBody(out ReadOnlySpan<byte> bytes)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        bytes = default;
        if (connection is null)
        {
            if (bodyTaken || StatusCode == 0) return false;
            // No body at all (HEAD, 204, 304, Content-Length: 0): it was released with the head.
            TakeBody();
            return true;
        }
        if (ContentDecoding.IsEncoded(this) || !connection.TryTakeWholeBody(out bytes)) return false;
        TakeBody();
        return true;
    }

    private async ValueTask<PooledBody> ReadAllAsync(CancellationToken cancellation)
    {
        var source = Body;
        var limit = Options.Limits.MaxBodyBytes;
        var buffer = new PooledBody(ContentLength is { } length && !ContentDecoding.IsEncoded(this) ? (int)Math.Min(length, 1 << 20) : 4096);
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(buffer.FreeMemory, cancellation);
                if (read == 0) return buffer;
                buffer.Advance(read);
                // Checked after decoding too: a small gzip body can expand without bound.
                if (buffer.Length > limit)
                {
                    throw new FetchException($"{Request}: the body is over FetchClientOptions.Limits.MaxBodyBytes ({limit} bytes); raise it or stream Body instead");
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>A growable pooled buffer for a whole body, returned once the body is turned into its result.</summary>
    private sealed class PooledBody(int initial)
    {
        private byte[] array = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 256));

        public int Length { get; private set; }

        public ReadOnlySpan<byte> WrittenSpan => array.AsSpan(0, Length);

        public Memory<byte> FreeMemory
        {
            get
            {
                if (Length == array.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(array.Length * 2);
                    array.AsSpan(0, Length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(array);
                    array = bigger;
                }
                return array.AsMemory(Length);
            }
        }

        public void Advance(int count) => Length += count;

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(array);
            array = [];
        }
    }
}
