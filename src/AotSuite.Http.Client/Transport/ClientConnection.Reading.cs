using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using AotSuite.Http.Connection;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Client.Transport;

internal sealed partial class ClientConnection
{
    /// <summary>
    /// Reads the response head into <paramref name="response"/>, skipping interim (1xx) responses. With
    /// <paramref name="continueWait"/> the request announced <c>Expect: 100-continue</c> and holds its body back: a 100
    /// ends the read (<see cref="HeadOutcome.Continue"/>), so does silence for that long (<see cref="HeadOutcome.NoAnswerYet"/>,
    /// the read left pending for the next one), and a final status means the server answered without the body, so the
    /// connection cannot carry another request (it cannot know where one would start).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<HeadOutcome> ReadHeadAsync(FetchResponse response, bool headRequest, CancellationToken cancellation, TimeSpan? continueWait = null)
    {
        var received = start != end;
        HeadStarted = received;
        while (true)
        {
            head = new HeadState(response);
            while (!ParseHead())
            {
                var read = continueWait is { } wait && !received ? await FillWithinAsync(wait, cancellation) : await FillAsync(cancellation);
                if (read < 0) return HeadOutcome.NoAnswerYet;
                if (read == 0)
                {
                    if (!received) return HeadOutcome.Closed;
                    throw new EndOfStreamException("the server closed the connection before the response head was complete");
                }
                received = true;
                HeadStarted = true;
            }
            var framing = head.Sink.Framing.Complete(response.Version, response.StatusCode, headRequest, limits);
            // RFC 9110 §15.2: 1xx responses are interim; the real one follows on the same connection. 101 would switch
            // protocols, which this client never asks for, so it is handed back as it is.
            if (response.StatusCode is >= 100 and < 200 and not 101)
            {
                var proceed = response.StatusCode == 100 && continueWait is not null;
                response.ClearHead();
                if (proceed) return HeadOutcome.Continue;
                continue;
            }
            var staged = body.Staged;
            staged?.Clear();
            body = new BodyState(framing, head.Sink.ServerIdleSeconds) { Staged = staged };
            if (response.StatusCode == 101 || continueWait is not null) body.KeepAlive = false;
            return HeadOutcome.Final;
        }
    }

    /// <summary><see cref="FillAsync"/>, or -1 when nothing arrives within <paramref name="wait"/>; the read then stays pending for the next fill.</summary>
    private async ValueTask<int> FillWithinAsync(TimeSpan wait, CancellationToken cancellation)
    {
        var fill = FillAsync(cancellation);
        if (fill.IsCompleted) return fill.Result;
        var reading = fill.AsTask();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (await Task.WhenAny(reading, Task.Delay(wait, timer.Token)) == reading)
        {
            await timer.CancelAsync();
            return await reading;
        }
        pendingFill = reading;
        return -1;
    }

    private bool ParseHead()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer, start, end - start));
        try
        {
            if (!head.StatusLineDone)
            {
                if (!HttpParser.TryParseStatusLine(ref reader, ref head.Sink, limits)) return false;
                head.StatusLineDone = true;
            }
            return HttpParser.TryParseHeaders(ref reader, ref head.Sink, limits, ref head.Budget);
        }
        finally
        {
            start += (int)reader.Consumed;
        }
    }

    /// <summary>Some byte of the current response has arrived (so a failure now is not a stale keep-alive).</summary>
    public bool HeadStarted { get; private set; }

    public bool BodyDone => body.Done;

    /// <summary>The connection can carry another request: keep-alive, and nothing after the body we did not ask for.</summary>
    public bool Reusable => body.Done && body.KeepAlive && start == end;

    /// <summary>
    /// When the whole Content-Length body is already in the buffer (a small response usually arrives with its head),
    /// hands it over without a copy and marks it read.
    /// </summary>
    public bool TryTakeWholeBody(out ReadOnlySpan<byte> bytes)
    {
        if (body.Kind == ResponseBodyKind.ContentLength && !body.Done && body.Remaining <= end - start)
        {
            bytes = buffer.AsSpan(start, (int)body.Remaining);
            start += (int)body.Remaining;
            body.Remaining = 0;
            body.Done = true;
            return true;
        }
        bytes = default;
        return false;
    }

    /// <summary>Copies body bytes into <paramref name="destination"/>; 0 once the body has ended.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReadBodyAsync(Memory<byte> destination, CancellationToken cancellation)
    {
        if (body.Done || destination.IsEmpty) return 0;
        switch (body.Kind)
        {
            case ResponseBodyKind.ContentLength:
            case ResponseBodyKind.UntilClose:
            {
                var want = (int)Math.Min(destination.Length, body.Remaining);
                int read;
                if (start < end)
                {
                    read = Math.Min(want, end - start);
                    buffer.AsSpan(start, read).CopyTo(destination.Span);
                    start += read;
                }
                else
                {
                    // Nothing buffered: read straight into the caller's memory, no copy.
                    read = await stream.ReadAsync(destination[..want], cancellation);
                    if (read == 0)
                    {
                        if (body.Kind == ResponseBodyKind.ContentLength)
                        {
                            throw new EndOfStreamException($"the server closed the connection {body.Remaining} bytes before the end of the body (Content-Length)");
                        }
                        body.Done = true;
                        return 0;
                    }
                }
                body.Remaining -= read;
                body.Received += read;
                if (body.Kind == ResponseBodyKind.UntilClose && body.Received > limits.MaxBodyBytes) HttpThrow.Reject(HttpRejectReason.BodyTooLarge);
                if (body.Remaining == 0) body.Done = true;
                return read;
            }
            case ResponseBodyKind.Chunked:
                while (true)
                {
                    if (body.TakeStaged(destination.Span) is var staged and > 0) return staged;
                    if (body.Decoder.IsDone)
                    {
                        body.Done = true;
                        return 0;
                    }
                    if (start < end && DecodeChunks()) continue;
                    if (await FillAsync(cancellation) == 0)
                    {
                        throw new EndOfStreamException("the server closed the connection before the last chunk of the body");
                    }
                }
            default:
                body.Done = true;
                return 0;
        }
    }

    /// <summary>Decodes what the buffer holds into the staging buffer; true when it produced data or finished.</summary>
    private bool DecodeChunks()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer, start, end - start));
        var sink = new StagingSink(body.Staged ??= new PooledBuffer(BufferSize));
        bool done;
        try
        {
            done = body.Decoder.Decode(ref reader, ref sink, limits);
        }
        finally
        {
            start += (int)reader.Consumed;
        }
        return done || body.Staged.Length > body.StagedOffset;
    }

    /// <summary>Parser state that survives between reads of one head.</summary>
    private struct HeadState(FetchResponse response)
    {
        public ResponseSink Sink = new(response);
        public HeaderBudget Budget;
        public bool StatusLineDone;
    }

    private struct ResponseSink(FetchResponse response) : IHttpResponseSink
    {
        public ResponseFraming Framing;
        public int ServerIdleSeconds;

        public readonly void OnStatusLine(HttpVersion version, int statusCode, ReadOnlySpan<byte> reasonPhrase) =>
            response.SetStatusLine(version, statusCode, reasonPhrase);

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            response.AddHeader(name, value);
            Framing.OnHeader(name, value);
            // Node's server sends "Keep-Alive: timeout=5" and closes after that long idle; reusing past it races the close.
            if (name.Length == 10 && Ascii.EqualsIgnoreCase(name, "Keep-Alive"u8))
            {
                foreach (var item in new TokenList(value))
                {
                    if (item.Length > 8 && Ascii.EqualsIgnoreCase(item[..8], "timeout="u8) && Utf8Parser.TryParse(item[8..], out int seconds, out _))
                    {
                        ServerIdleSeconds = seconds;
                    }
                }
            }
        }
    }

    private struct BodyState
    {
        public ResponseBodyKind Kind;
        public long Remaining;
        public long Received;
        public bool Done;
        public bool KeepAlive;
        public int ServerIdleSeconds;
        public ChunkedDecoder Decoder;
        public PooledBuffer? Staged;
        public int StagedOffset;

        public BodyState(ResponseFramingResult framing, int serverIdleSeconds)
        {
            Kind = framing.Body;
            Remaining = framing.Body == ResponseBodyKind.UntilClose ? long.MaxValue : framing.ContentLength;
            Done = framing.Body == ResponseBodyKind.None;
            KeepAlive = framing.KeepAlive;
            ServerIdleSeconds = serverIdleSeconds;
        }

        public int TakeStaged(Span<byte> destination)
        {
            if (Staged is null || StagedOffset == Staged.Length) return 0;
            var count = Math.Min(destination.Length, Staged.Length - StagedOffset);
            Staged.Slice(StagedOffset, count).CopyTo(destination);
            StagedOffset += count;
            if (StagedOffset == Staged.Length)
            {
                Staged.Clear();
                StagedOffset = 0;
            }
            return count;
        }
    }

    private readonly struct StagingSink(PooledBuffer staged) : IChunkedBodySink
    {
        public void OnData(ReadOnlySpan<byte> data) => staged.Append(data);

        // Trailer fields are parsed (so checked) and dropped.
        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
        }
    }
}
