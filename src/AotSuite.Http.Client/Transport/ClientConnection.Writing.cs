using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace AotSuite.Http.Client.Transport;

internal sealed partial class ClientConnection
{
    /// <summary>A body up to this size goes out in the same write as the head.</summary>
    private const int InlineBodyBytes = 16 * 1024;

    private static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();

    private static ReadOnlySpan<byte> AcceptEncoding => "Accept-Encoding: gzip, deflate, br\r\n"u8;

    /// <summary>
    /// Writes the request line, the header fields and the body (streamed from a stream body as it is read). With
    /// <paramref name="expectContinue"/> the head announces the body with <c>Expect: 100-continue</c> and goes alone; the
    /// body follows through <see cref="WriteBodyAsync"/> once the server says so (or does not answer in time).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteRequestAsync(FetchRequest request, bool acceptCompressed, bool expectContinue, CancellationToken cancellation)
    {
        output.ResetWrittenCount();
        var requestBody = request.Body;
        var chunked = WriteHead(request, acceptCompressed, expectContinue);
        if (requestBody is null || expectContinue)
        {
            await stream.WriteAsync(output.WrittenMemory, cancellation);
        }
        else if (requestBody.Stream is null)
        {
            if (requestBody.Bytes.Length <= InlineBodyBytes)
            {
                output.Write(requestBody.Bytes.Span);
                await stream.WriteAsync(output.WrittenMemory, cancellation);
            }
            else
            {
                await stream.WriteAsync(output.WrittenMemory, cancellation);
                await stream.WriteAsync(requestBody.Bytes, cancellation);
            }
        }
        else
        {
            await stream.WriteAsync(output.WrittenMemory, cancellation);
            await WriteStreamBodyAsync(requestBody, chunked, cancellation);
        }
        await stream.FlushAsync(cancellation);
    }

    /// <summary>The body of a request whose head went out alone (<c>Expect: 100-continue</c>).</summary>
    public async ValueTask WriteBodyAsync(FetchRequest request, CancellationToken cancellation)
    {
        var requestBody = request.Body!;
        if (requestBody.Stream is null)
        {
            await stream.WriteAsync(requestBody.Bytes, cancellation);
        }
        else
        {
            await WriteStreamBodyAsync(requestBody, chunked: requestBody.Length is null, cancellation);
        }
        await stream.FlushAsync(cancellation);
    }

    private bool WriteHead(FetchRequest request, bool acceptCompressed, bool expectContinue)
    {
        var url = request.Url;
        Append(RequestHeaders.MethodBytes(request.Method));
        Append(" "u8);
        AppendAscii(url.PathAndQuery);
        Append(" HTTP/1.1\r\nHost: "u8);
        Append(pool.Origin.HostHeader);
        Append("\r\n"u8);
        var hasAcceptEncoding = false;
        var hasContentType = false;
        var fields = request.HeaderList;
        for (var i = 0; fields is not null && i < fields.Count; i++)
        {
            var (name, value) = fields[i];
            // The client owns the framing; a caller's own would contradict it (and is how requests get smuggled).
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) ||
                name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) ||
                (expectContinue && name.Equals("Expect", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            hasAcceptEncoding |= name.Equals("Accept-Encoding", StringComparison.OrdinalIgnoreCase);
            hasContentType |= name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase);
            AppendAscii(name);
            Append(": "u8);
            AppendLatin1(value);
            Append("\r\n"u8);
        }
        if (acceptCompressed && !hasAcceptEncoding) Append(AcceptEncoding);
        var chunked = false;
        if (request.Body is { } requestBody)
        {
            if (!hasContentType && requestBody.ContentType is { } type)
            {
                Append("Content-Type: "u8);
                AppendLatin1(type);
                Append("\r\n"u8);
            }
            if (requestBody.Length is { } length)
            {
                Append("Content-Length: "u8);
                AppendNumber(length);
                Append("\r\n"u8);
            }
            else
            {
                Append("Transfer-Encoding: chunked\r\n"u8);
                chunked = true;
            }
            if (expectContinue) Append("Expect: 100-continue\r\n"u8);
        }
        else if (request.Method is Parsing.HttpMethod.Post or Parsing.HttpMethod.Put or Parsing.HttpMethod.Patch)
        {
            // RFC 9110 §8.6: a user agent SHOULD send Content-Length in a request with no body when the method defines a meaning for one.
            Append("Content-Length: 0\r\n"u8);
        }
        Append("\r\n"u8);
        return chunked;
    }

    private async ValueTask WriteStreamBodyAsync(RequestBody requestBody, bool chunked, CancellationToken cancellation)
    {
        var source = requestBody.Stream!;
        var expected = requestBody.Length;
        // Room before the data for a chunk-size line ("ffffffff\r\n"), after it for the CRLF that closes the chunk.
        const int Prefix = 10;
        var rented = ArrayPool<byte>.Shared.Rent(InlineBodyBytes + Prefix + 2);
        try
        {
            long sent = 0;
            while (true)
            {
                var read = await source.ReadAsync(rented.AsMemory(Prefix, InlineBodyBytes), cancellation);
                if (read == 0) break;
                sent += read;
                if (sent > expected) throw new InvalidOperationException($"the request body stream gave more than the {expected} bytes its length promised");
                if (!chunked)
                {
                    await stream.WriteAsync(rented.AsMemory(Prefix, read), cancellation);
                    continue;
                }
                Utf8Formatter.TryFormat(read, rented.AsSpan(0, 8), out var digits, new StandardFormat('x'));
                var first = Prefix - digits - 2;
                Utf8Formatter.TryFormat(read, rented.AsSpan(first), out _, new StandardFormat('x'));
                rented[Prefix - 2] = (byte)'\r';
                rented[Prefix - 1] = (byte)'\n';
                rented[Prefix + read] = (byte)'\r';
                rented[Prefix + read + 1] = (byte)'\n';
                await stream.WriteAsync(rented.AsMemory(first, Prefix - first + read + 2), cancellation);
            }
            if (expected is { } length && sent != length)
            {
                throw new InvalidOperationException($"the request body stream ended after {sent} of the {length} bytes its length promised");
            }
            if (chunked) await stream.WriteAsync(LastChunk, cancellation);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Append(ReadOnlySpan<byte> bytes) => output.Write(bytes);

    private void AppendAscii(string text)
    {
        var span = output.GetSpan(text.Length);
        var written = Encoding.ASCII.GetBytes(text, span);
        output.Advance(written);
    }

    private void AppendLatin1(string text)
    {
        var span = output.GetSpan(text.Length);
        var written = Encoding.Latin1.GetBytes(text, span);
        output.Advance(written);
    }

    private void AppendNumber(long number)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(number, span, out var written);
        output.Advance(written);
    }
}
