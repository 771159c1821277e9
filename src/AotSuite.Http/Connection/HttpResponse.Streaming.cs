using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using AotSuite.Http.Writing;
using Microsoft.Win32.SafeHandles;

namespace AotSuite.Http.Connection;

/// <summary>The streamed side of <see cref="HttpResponse"/>: the head sent first, then framed writes that wait for the client.</summary>
public sealed partial class HttpResponse
{
    /// <summary>
    /// Sends the head now. With <paramref name="contentLength"/> (≥ 0) the body must be exactly that long, or the
    /// connection is cut; without it the body is chunked (HTTP/1.1) or ends when the connection closes (HTTP/1.0).
    /// What <see cref="Write"/> buffered before is sent first, as part of the body.
    /// </summary>
    public ValueTask StartAsync(long contentLength = -1, CancellationToken cancellationToken = default)
    {
        Start(contentLength);
        return FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="data"/> (a chunk when chunked) and waits until the connection has handed it to the socket,
    /// so a client that reads slowly slows the handler down instead of growing a buffer. Starts a chunked response first
    /// if nothing was sent yet.
    /// </summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (!HasStarted) Start(-1);
        WriteStreamed(data.Span);
        return FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="count"/> bytes of <paramref name="file"/> from <paramref name="offset"/>. If the response has
    /// not started, the head goes out first with that Content-Length (plus anything buffered). Over a plain socket a large
    /// range of a handle opened with <see cref="FileOptions.Asynchronous"/> goes out with sendfile(2) (no copy through user
    /// space); otherwise it is read into the pipe block by block, each block flushed before the next is read. The handle
    /// stays the caller's to close.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendFileAsync(SafeFileHandle file, long offset, long count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!HasStarted) Start(BodyBuffer.Length + count);
        if (framing == BodyFraming.None || count == 0) return;
        if (framing == BodyFraming.ContentLength)
        {
            if (count > remaining) HttpResponseThrow.TooLong(count, remaining);
            remaining -= count;
        }

        // SendPacketsElement takes only a FileStream opened for async I/O (on Linux that flag changes nothing about the fd).
        if (socket is not null && file.IsAsync && count >= SendFileThreshold && !encodingBody)
        {
            if (framing == BodyFraming.Chunked) ResponseWriter.WriteChunkHeader(output!, count);
            await FlushAsync(cancellationToken);
            fileSender ??= new FileSender();
            await fileSender.SendAsync(socket, file, offset, count);
            if (framing == BodyFraming.Chunked) ResponseWriter.WriteChunkEnd(output!);
            return;
        }

        // Unencoded, the range is one chunk however many blocks carry it (as with sendfile).
        var oneChunk = framing == BodyFraming.Chunked && !encodingBody;
        if (oneChunk) ResponseWriter.WriteChunkHeader(output!, count);
        while (count > 0)
        {
            var block = (int)Math.Min(count, FileBlock);
            if (encodingBody) EncodeFileBlock(file, offset, block);
            else ReadFileInto(output!, file, offset, block);
            offset += block;
            count -= block;
            // The last block stays in the pipe: the connection flushes it with whatever follows (one write for a small file).
            if (count > 0) await FlushAsync(cancellationToken);
        }
        if (oneChunk) ResponseWriter.WriteChunkEnd(output!);
    }

    // Sync pread: a static file is almost always in the page cache, and RandomAccess.ReadAsync on a handle opened without
    // FileOptions.Asynchronous is that same read queued to the thread pool.
    private static void ReadFileInto(PipeWriter output, SafeFileHandle file, long offset, int length)
    {
        var span = output.GetSpan(length)[..length];
        var filled = 0;
        while (filled < length)
        {
            var read = RandomAccess.Read(file, span[filled..], offset + filled);
            if (read == 0) HttpResponseThrow.FileEndedEarly(offset + filled);
            filled += read;
        }
        output.Advance(length);
    }

    private void Start(long contentLength)
    {
        if (HasStarted) HttpResponseThrow.AlreadyStarted();
        if (output is null) HttpResponseThrow.NotAttached();
        HeadListener?.OnHead(this);
        contentLength = DecideStreamedEncoding(contentLength);
        var status = StatusCode;
        var chunked = false;
        if (ResponseWriter.HasNoBody(status))
        {
            framing = BodyFraming.None;
            contentLength = -1;
        }
        else if (contentLength >= 0)
        {
            framing = headRequest ? BodyFraming.None : BodyFraming.ContentLength;
            remaining = contentLength;
        }
        else if (!http10)
        {
            framing = headRequest ? BodyFraming.None : BodyFraming.Chunked;
            chunked = true;
        }
        else
        {
            // RFC 9112 §6.3: an HTTP/1.0 client knows no chunked coding; the body ends when the connection does.
            framing = headRequest ? BodyFraming.None : BodyFraming.CloseDelimited;
            if (!headRequest) KeepAlive = false;
        }
        ResponseWriter.WriteHead(output, status, HeaderBuffer.Span, contentLength, chunked, KeepAlive);
        if (BodyBuffer.Length > 0)
        {
            WriteStreamed(BodyBuffer.Span);
            BodyBuffer.Clear();
        }
    }

    private void WriteStreamed(ReadOnlySpan<byte> bytes)
    {
        if (encodingBody) WriteEncoded(bytes);
        else WriteFramed(bytes);
    }

    private void WriteFramed(ReadOnlySpan<byte> bytes)
    {
        switch (framing)
        {
            case BodyFraming.ContentLength:
                if (bytes.Length > remaining) HttpResponseThrow.TooLong(bytes.Length, remaining);
                remaining -= bytes.Length;
                output!.Write(bytes);
                break;
            case BodyFraming.Chunked:
                ResponseWriter.WriteChunk(output!, bytes);
                break;
            case BodyFraming.CloseDelimited:
                output!.Write(bytes);
                break;
            default:
                // HEAD, 204, 304: the head says what the body would be; the body itself is not sent.
                break;
        }
    }

    private ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (encodingBody) FlushEncoder();
        var flush = output!.FlushAsync(cancellationToken);
        if (flush.IsCompletedSuccessfully)
        {
            if (flush.Result.IsCanceled) HttpResponseThrow.FlushCanceled();
            return default;
        }
        return AwaitFlushAsync(flush);

        static async ValueTask AwaitFlushAsync(ValueTask<FlushResult> pending)
        {
            if ((await pending).IsCanceled) HttpResponseThrow.FlushCanceled();
        }
    }

    /// <summary>
    /// Ends a streamed response after the handler returned: the last chunk when chunked. False when the connection must
    /// close: a Content-Length body that came up short (the client would wait for bytes that never come), a
    /// close-delimited body, or a request that was not to be kept alive anyway.
    /// </summary>
    internal bool Complete()
    {
        if (encodingBody) EndEncoder();
        switch (framing)
        {
            case BodyFraming.Chunked:
                ResponseWriter.WriteLastChunk(output!);
                return KeepAlive;
            case BodyFraming.ContentLength:
                return remaining == 0 && KeepAlive;
            case BodyFraming.CloseDelimited:
                return false;
            default:
                return KeepAlive;
        }
    }

    private enum BodyFraming : byte
    {
        Buffered,
        ContentLength,
        Chunked,
        CloseDelimited,
        None,
    }
}
