using System.Buffers;

namespace AotSuite.Http.Parsing;

/// <summary>
/// RFC 9112 §7.1 chunked transfer coding, decoded incrementally: call <see cref="Decode"/> each time the pipe has more
/// bytes; it consumes what it can, hands data on without copying, and returns true once the last chunk and
/// the trailer section are through. Sizes are checked as they are read, so an endless or overflowing size never
/// reaches a buffer.
/// </summary>
internal struct ChunkedDecoder
{
    /// <summary>A chunk-size line with extensions (Kestrel allows 4 KiB of extensions too; nginx less).</summary>
    private const int MaxSizeLineBytes = 4 * 1024;

    private State state;
    private long chunkRemaining;
    private long total;
    private HeaderBudget trailerBudget;

    private enum State : byte
    {
        Size,
        Data,
        DataEnd,
        Trailers,
        Done,
    }

    public readonly bool IsDone => state == State.Done;

    /// <summary>Decodes everything available, handing each piece of data to <paramref name="sink"/>; true once the body has ended.</summary>
    public bool Decode<TSink>(ref SequenceReader<byte> reader, ref TSink sink, HttpLimits limits) where TSink : struct, IChunkedBodySink
    {
        while (TryReadData(ref reader, ref sink, limits, out var data))
        {
            if (data.IsEmpty) return true;
            sink.OnData(data.Span);
        }
        return false;
    }

    /// <summary>
    /// Decodes up to the next piece of data: true with a non-empty <paramref name="data"/> (within one buffer segment, so
    /// a view and no copy; the reader is past it), true with an empty one once the last chunk and the trailer section
    /// are through (<see cref="IsDone"/>), false when more bytes are needed. A streamed request body reads this way, one
    /// piece per call; <see cref="Decode"/> loops over it.
    /// </summary>
    public bool TryReadData<TSink>(ref SequenceReader<byte> reader, ref TSink trailers, HttpLimits limits, out ReadOnlyMemory<byte> data)
        where TSink : struct, IHttpHeaderSink
    {
        data = default;
        while (true)
        {
            switch (state)
            {
                case State.Size:
                    if (!HttpParser.TryReadLine(ref reader, MaxSizeLineBytes, HttpRejectReason.InvalidChunk, out var line, out var rented)) return false;
                    try
                    {
                        chunkRemaining = ParseSize(line[..^2]);
                    }
                    finally
                    {
                        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
                    }
                    total += chunkRemaining;
                    if (total > limits.MaxBodyBytes) HttpThrow.Reject(HttpRejectReason.BodyTooLarge);
                    state = chunkRemaining == 0 ? State.Trailers : State.Data;
                    break;

                case State.Data:
                    if (reader.End) return false;
                    var segment = reader.UnreadSequence.First;
                    data = segment[..(int)Math.Min(chunkRemaining, segment.Length)];
                    reader.Advance(data.Length);
                    chunkRemaining -= data.Length;
                    if (chunkRemaining == 0) state = State.DataEnd;
                    return true;

                case State.DataEnd:
                    if (reader.Remaining < 2) return false;
                    if (!reader.IsNext("\r\n"u8, advancePast: true)) HttpThrow.Reject(HttpRejectReason.InvalidChunk);
                    state = State.Size;
                    break;

                case State.Trailers:
                    if (!HttpParser.TryParseHeaders(ref reader, ref trailers, limits, ref trailerBudget)) return false;
                    state = State.Done;
                    break;

                default:
                    return true;
            }
        }
    }

    /// <summary>chunk-size = 1*HEXDIG, then optional extensions (";" name ["=" value]) that we check and ignore.</summary>
    private static long ParseSize(ReadOnlySpan<byte> line)
    {
        long size = 0;
        var digits = 0;
        for (; digits < line.Length; digits++)
        {
            var value = HexValue(line[digits]);
            if (value < 0) break;
            // 15 hex digits already exceed any body limit; more would overflow a long.
            if (digits == 15) HttpThrow.Reject(HttpRejectReason.InvalidChunk);
            size = size * 16 + value;
        }
        if (digits == 0) HttpThrow.Reject(HttpRejectReason.InvalidChunk);
        var extensions = line[digits..].TrimStart(" \t"u8);
        if (!extensions.IsEmpty && (extensions[0] != ';' || extensions.ContainsAnyExcept(HttpCharacters.FieldValue)))
        {
            HttpThrow.Reject(HttpRejectReason.InvalidChunk);
        }
        return size;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
