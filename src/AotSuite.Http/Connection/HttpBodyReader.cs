using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Connection;

/// <summary>
/// A request body as it arrives (<see cref="HttpRequest.BodyReader"/>): each <see cref="ReadAsync"/> returns the next
/// piece, a view into the connection's receive buffer (no copy), Content-Length or chunked framing already taken off.
/// The body limit is enforced as bytes come in, <c>Expect: 100-continue</c> is answered when the first read begins, and
/// a body that stalls or trickles in below <see cref="HttpServerOptions.MinBodyDataRate"/> fails the read with 408.
/// One per connection, reused request after request.
/// </summary>
public sealed class HttpBodyReader
{
    private readonly HttpConnection connection;
    private PipeReader input = null!;
    private PipeWriter output = null!;
    private RequestBodyKind kind;
    private long remaining;
    private ChunkedDecoder decoder;
    private HttpLimits limits = HttpLimits.Default;
    // The piece handed out last stays in the pipe (it is a view) until the next read or the end of the request.
    private bool holding;
    private SequencePosition heldEnd;
    // False after an AdvanceTo that examined every byte: TryRead would then hand the same bytes back.
    private bool unexamined;
    private bool continuePending;
    private HttpRejectReason? failure;
    private long bytesRead;
    private long waitStart;
    private long waited;
    // A body the connection read whole before the handler: handed out as one piece.
    private ReadOnlyMemory<byte> replay;

    internal HttpBodyReader(HttpConnection connection) => this.connection = connection;

    /// <summary>True once the whole body has been returned (at once for a request without one).</summary>
    public bool IsComplete { get; private set; }

    /// <summary>Body bytes returned so far (after de-chunking).</summary>
    public long BytesRead => bytesRead;

    /// <summary>The most this request's body may carry; lower it (e.g. per route) before reading. Over it: 413.</summary>
    public long MaxBytes { get; set; }

    /// <summary>The reason the body could not be read (the connection answers it and closes); null while all is well.</summary>
    internal HttpRejectReason? Failure => failure;

    /// <summary><c>Expect: 100-continue</c> was asked for and not answered: the client may still be holding the body back.</summary>
    internal bool ContinuePending => continuePending;

    internal void Start(PipeReader reader, PipeWriter writer, RequestFramingResult framing, HttpLimits requestLimits)
    {
        input = reader;
        output = writer;
        kind = framing.Body;
        remaining = framing.ContentLength;
        decoder = default;
        limits = requestLimits;
        MaxBytes = requestLimits.MaxBodyBytes;
        holding = false;
        unexamined = true;
        continuePending = framing.ExpectContinue && kind != RequestBodyKind.None;
        failure = null;
        bytesRead = 0;
        waitStart = 0;
        waited = 0;
        replay = default;
        IsComplete = kind == RequestBodyKind.None;
    }

    internal void Replay(ReadOnlyMemory<byte> whole) => replay = whole;

    /// <summary>
    /// The next piece of the body, valid until the next call (or the end of the handler); empty once the body is
    /// complete. Completes at once when bytes are already buffered. A malformed or oversized body throws
    /// <see cref="HttpRejectException"/> (400/413), a stalled or too slow one 408; the connection then answers with that
    /// status if the response has not started, and closes.
    /// </summary>
    public ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken = default)
    {
        Release();
        if (!replay.IsEmpty)
        {
            var whole = replay;
            replay = default;
            return new(whole);
        }
        if (IsComplete) return default;
        if (failure is { } reason) HttpThrow.Reject(reason);
        // Refused before a byte is read (and before a 100 Continue invites the body).
        if (kind == RequestBodyKind.ContentLength && remaining > MaxBytes - bytesRead) Fail(HttpRejectReason.BodyTooLarge);
        if (!continuePending && unexamined && input.TryRead(out var result) && TryTake(result, out var piece)) return new(piece);
        return ReadSlowAsync(cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadOnlyMemory<byte>> ReadSlowAsync(CancellationToken cancellationToken)
    {
        if (continuePending)
        {
            continuePending = false;
            // RFC 9110 §10.1.1: the client holds the body back until told to go on. Once a final status has gone out,
            // a 100 would come after it, so the client is left to its own timeout.
            if (!connection.ResponseStarted)
            {
                output.Write("HTTP/1.1 100 Continue\r\n\r\n"u8);
                await output.FlushAsync(connection.BodyCancellation);
            }
        }
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((PipeReader)state!).CancelPendingRead(), input)
            : default;
        while (true)
        {
            ReadResult result;
            if (!unexamined || !input.TryRead(out result))
            {
                // Responses written so far go out before we wait: an echo's client sees its bytes while it sends more.
                if (output.UnflushedBytes > 0) await output.FlushAsync(connection.BodyCancellation);
                connection.BodyWaitStarted();
                Volatile.Write(ref waitStart, Stopwatch.GetTimestamp());
                try
                {
                    result = await input.ReadAsync(connection.BodyCancellation);
                }
                catch (OperationCanceledException) when (connection.TimeoutReason is { } reason)
                {
                    failure = reason;
                    throw new HttpRejectException(reason);
                }
                finally
                {
                    waited += Stopwatch.GetTimestamp() - waitStart;
                    Volatile.Write(ref waitStart, 0);
                    connection.BodyWaitEnded();
                }
            }
            if (result.IsCanceled)
            {
                input.AdvanceTo(result.Buffer.Start);
                cancellationToken.ThrowIfCancellationRequested();
                throw new OperationCanceledException("the body read was canceled");
            }
            if (TryTake(result, out var piece)) return piece;
            if (result.IsCompleted) Fail(HttpRejectReason.IncompleteBody);
        }
    }

    /// <summary>Takes the next piece (or the end) out of <paramref name="result"/>; false, with the pipe advanced, when more bytes are needed.</summary>
    private bool TryTake(ReadResult result, out ReadOnlyMemory<byte> piece)
    {
        var buffer = result.Buffer;
        var reader = new SequenceReader<byte>(buffer);
        bool taken;
        try
        {
            taken = kind == RequestBodyKind.Chunked ? TakeChunk(ref reader, out piece) : TakeContent(ref reader, out piece);
        }
        catch (HttpRejectException e)
        {
            input.AdvanceTo(buffer.End);
            Fail(e.Reason);
            throw;
        }
        if (!taken)
        {
            input.AdvanceTo(reader.Position, buffer.End);
            unexamined = false;
            return false;
        }
        unexamined = true;
        if (piece.IsEmpty)
        {
            input.AdvanceTo(reader.Position);
            return true;
        }
        holding = true;
        heldEnd = reader.Position;
        bytesRead += piece.Length;
        if (bytesRead > MaxBytes)
        {
            Release();
            Fail(HttpRejectReason.BodyTooLarge);
        }
        return true;
    }

    private bool TakeContent(ref SequenceReader<byte> reader, out ReadOnlyMemory<byte> piece)
    {
        piece = default;
        if (reader.End) return false;
        var segment = reader.UnreadSequence.First;
        piece = segment[..(int)Math.Min(remaining, segment.Length)];
        reader.Advance(piece.Length);
        remaining -= piece.Length;
        IsComplete = remaining == 0;
        return true;
    }

    private bool TakeChunk(ref SequenceReader<byte> reader, out ReadOnlyMemory<byte> piece)
    {
        var trailers = new IgnoredTrailers();
        if (!decoder.TryReadData(ref reader, ref trailers, limits, out piece)) return false;
        IsComplete = decoder.IsDone;
        return true;
    }

    /// <summary>Gives the pipe back the piece handed out last.</summary>
    private void Release()
    {
        if (!holding) return;
        holding = false;
        input.AdvanceTo(heldEnd);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn, StackTraceHidden]
    private void Fail(HttpRejectReason reason)
    {
        failure = reason;
        HttpThrow.Reject(reason);
    }

    /// <summary>Reads the rest of the body into <paramref name="body"/> (the buffered <see cref="HttpRequest.Body"/>).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    internal async ValueTask ReadAllAsync(PooledBuffer body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var piece = await ReadAsync(cancellationToken);
            if (piece.IsEmpty) return;
            body.Append(piece.Span);
        }
    }

    /// <summary>
    /// After the handler: gives back the last piece and reads on through what is already buffered, without waiting.
    /// True when the body is then complete, so the connection can carry the next request.
    /// </summary>
    internal bool TryFinishBuffered()
    {
        Release();
        if (failure is not null) return false;
        if (continuePending) return IsComplete;
        try
        {
            while (!IsComplete && unexamined && input.TryRead(out var result))
            {
                if (!TryTake(result, out _)) break;
                Release();
            }
        }
        catch (HttpRejectException)
        {
            return false;
        }
        return IsComplete;
    }

    /// <summary>Whether what is left of the body could be read and dropped: no failure, no body held back, and at most <paramref name="limit"/> bytes when the length is known.</summary>
    internal bool CanDrain(long limit) => failure is null && !continuePending && (kind == RequestBodyKind.Chunked || remaining <= limit);

    /// <summary>
    /// Reads and drops what is left of a body the handler did not read, so the connection can carry the next request
    /// (as Node and Kestrel do); the timeouts and the data rate apply. False when the body cannot be finished within
    /// <paramref name="limit"/> more bytes.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal async ValueTask<bool> DrainAsync(long limit)
    {
        MaxBytes = Math.Min(MaxBytes, bytesRead + limit);
        try
        {
            while (!(await ReadAsync()).IsEmpty)
            {
            }
            return true;
        }
        catch (Exception e) when (e is HttpRejectException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Releases a piece still held when the connection ends or switches protocols.</summary>
    internal void Abandon() => Release();

    /// <summary>At a protocol switch (the body read whole): lets go of the HTTP pipes, which the new protocol may replace.</summary>
    internal void Detach()
    {
        Release();
        input = null!;
        output = null!;
    }

    /// <summary>
    /// The heartbeat's check (Kestrel's MinRequestBodyDataRate): once the time spent waiting for body bytes passes the
    /// grace period, the bytes received over that time must reach the rate. Time the handler spends between reads does
    /// not count against the client.
    /// </summary>
    internal bool IsTooSlow(long now, MinDataRate rate)
    {
        var started = Volatile.Read(ref waitStart);
        if (started == 0) return false;
        var seconds = (double)(waited + now - started) / Stopwatch.Frequency;
        return seconds > rate.GracePeriod.TotalSeconds && Volatile.Read(ref bytesRead) < rate.BytesPerSecond * seconds;
    }

    private readonly struct IgnoredTrailers : IHttpHeaderSink
    {
        // Trailer fields are parsed (and so validated) but not exposed.
        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
        }
    }
}
