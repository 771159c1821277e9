using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using AotSuite.WebSockets.Compression;

namespace AotSuite.WebSockets.Framing;

/// <summary>
/// Frames in, events out: reads frames from a <see cref="SequenceReader{T}"/> (any split of the bytes), unmasks payloads
/// into one reused message buffer, reassembles fragments, validates text as it arrives, and stops at the first event a
/// caller must act on (a whole message, a ping, a pong, a close). Every RFC 6455 violation or limit throws
/// <see cref="WebSocketProtocolException"/> before anything after the offending bytes is read. With
/// <paramref name="inflater"/> (permessage-deflate agreed), a message whose first frame has RSV1 set is inflated as its
/// frames arrive, into the same buffer, under the same <see cref="WebSocketLimits.MaxMessageSize"/>.
/// </summary>
internal sealed class FrameDecoder(bool expectMasked, WebSocketLimits limits, MessageInflater? inflater = null) : IDisposable
{
    // Made on the first control frame and kept (pings recur): an idle connection that was never pinged does not carry it.
    private byte[]? control;
    // Rented when a message starts and handed back by ReleaseMessage: an idle connection holds no message buffer.
    private byte[] message = [];
    private int messageLength;
    private int controlLength;
    private bool inFrame;
    private FrameHeader frame;
    private long frameRead;
    private bool inMessage;
    private WebSocketMessageType messageType;
    private int fragments;
    private Utf8Validator utf8;
    private bool compressed;
    private long wireLength;

    /// <summary>The message after <see cref="DecodeResult.Message"/>; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Message => message.AsMemory(0, messageLength);

    public WebSocketMessageType MessageType => messageType;

    /// <summary>A ping's or pong's payload after <see cref="DecodeResult.Ping"/>/<see cref="DecodeResult.Pong"/>.</summary>
    public ReadOnlySpan<byte> ControlPayload => control.AsSpan(0, controlLength);

    /// <summary>After <see cref="DecodeResult.Close"/>: the peer's status (1005 when it sent none) and reason.</summary>
    public WebSocketCloseStatus CloseStatus { get; private set; }

    public ReadOnlySpan<byte> CloseReason => controlLength > 2 ? control.AsSpan(2, controlLength - 2) : default;

    public DecodeResult Decode(ref SequenceReader<byte> reader)
    {
        while (true)
        {
            if (!inFrame)
            {
                if (!FrameHeader.TryRead(ref reader, expectMasked, out frame)) return DecodeResult.NeedMoreData;
                StartFrame();
            }
            if (frame.IsControl)
            {
                if (!ReadPayload(ref reader, control ??= new byte[125], ref controlLength)) return DecodeResult.NeedMoreData;
                inFrame = false;
                switch (frame.Opcode)
                {
                    case WebSocketOpcode.Ping: return DecodeResult.Ping;
                    case WebSocketOpcode.Pong: return DecodeResult.Pong;
                    default:
                        CheckClose();
                        return DecodeResult.Close;
                }
            }
            var before = messageLength;
            var complete = compressed ? InflatePayload(ref reader) : ReadPayload(ref reader, message, ref messageLength);
            if (complete && frame.Fin && compressed)
            {
                inflater!.SetTail();
                Inflate();
                inflater.EndMessage();
            }
            if (messageType == WebSocketMessageType.Text && !utf8.Append(message.AsSpan(before, messageLength - before))) WebSocketThrow.InvalidUtf8();
            if (!complete) return DecodeResult.NeedMoreData;
            inFrame = false;
            if (frame.Fin)
            {
                inMessage = false;
                if (messageType == WebSocketMessageType.Text && !utf8.IsComplete) WebSocketThrow.InvalidUtf8();
                return DecodeResult.Message;
            }
        }
    }

    private void StartFrame()
    {
        inFrame = true;
        frameRead = 0;
        if (frame.Rsv1)
        {
            // RFC 7692 §6.1: RSV1 marks a compressed message, on its first frame only.
            if (inflater is null) WebSocketThrow.Protocol("RSV1 set, but permessage-deflate was not negotiated");
            if (frame.IsControl) WebSocketThrow.Protocol("RSV1 set on a control frame");
            if (frame.Opcode == WebSocketOpcode.Continuation) WebSocketThrow.Protocol("RSV1 set on a continuation frame (only a message's first frame carries it)");
        }
        if (frame.IsControl)
        {
            controlLength = 0;
            return;
        }
        if (frame.PayloadLength > limits.MaxFrameSize) WebSocketThrow.TooBig($"a frame of {frame.PayloadLength} bytes; the limit is {limits.MaxFrameSize}");
        if (frame.Opcode == WebSocketOpcode.Continuation)
        {
            if (!inMessage) WebSocketThrow.Protocol("a continuation frame with no message to continue");
            if (++fragments > limits.MaxFragments) WebSocketThrow.Policy($"a message in more than {limits.MaxFragments} fragments");
        }
        else
        {
            if (inMessage) WebSocketThrow.Protocol("a new data frame before the fragmented message ended");
            inMessage = true;
            messageType = frame.Opcode == WebSocketOpcode.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
            messageLength = 0;
            wireLength = 0;
            compressed = frame.Rsv1;
            fragments = 1;
            utf8.Reset();
        }
        // A compressed message is bounded on the wire too: deflate data that inflates to nothing still costs work.
        var total = (compressed ? wireLength : messageLength) + frame.PayloadLength;
        if (total > limits.MaxMessageSize) WebSocketThrow.TooBig($"a message of at least {total} bytes; the limit is {limits.MaxMessageSize}");
        if (!compressed && total > message.Length) Grow((int)total);
    }

    private bool ReadPayload(ref SequenceReader<byte> reader, byte[] destination, ref int length)
    {
        while (frameRead < frame.PayloadLength && !reader.End)
        {
            var chunk = reader.UnreadSpan;
            var take = (int)Math.Min(chunk.Length, frame.PayloadLength - frameRead);
            var target = destination.AsSpan(length, take);
            chunk[..take].CopyTo(target);
            if (frame.Masked) PayloadMask.Apply(target, frame.MaskKey, frameRead);
            reader.Advance(take);
            length += take;
            frameRead += take;
        }
        return frameRead == frame.PayloadLength;
    }

    /// <summary>A compressed frame's payload goes to the inflater straight from the pipe's memory, unmasked on the way.</summary>
    private bool InflatePayload(ref SequenceReader<byte> reader)
    {
        while (frameRead < frame.PayloadLength && !reader.End)
        {
            var chunk = reader.UnreadSequence.First;
            var take = (int)Math.Min(chunk.Length, frame.PayloadLength - frameRead);
            inflater!.SetInput(chunk[..take], frame.Masked, frame.MaskKey, frameRead);
            Inflate();
            reader.Advance(take);
            frameRead += take;
            wireLength += take;
        }
        return frameRead == frame.PayloadLength;
    }

    /// <summary>
    /// Drains the inflater into the message buffer, never offering it room past the limit: a zip bomb stops at
    /// <see cref="WebSocketLimits.MaxMessageSize"/> + 1 inflated bytes, with 1009.
    /// </summary>
    private void Inflate()
    {
        var cap = (int)Math.Min((long)limits.MaxMessageSize + 1, Array.MaxLength);
        while (true)
        {
            if (messageLength == message.Length) Grow(messageLength + 1);
            int inflated;
            try
            {
                inflated = inflater!.Read(message.AsSpan(messageLength, Math.Min(message.Length, cap) - messageLength));
            }
            catch (InvalidDataException)
            {
                throw new WebSocketProtocolException(WebSocketCloseStatus.InvalidPayloadData, "a compressed message is not valid deflate data");
            }
            if (inflated == 0) return;
            messageLength += inflated;
            if (messageLength > limits.MaxMessageSize) WebSocketThrow.TooBig($"a compressed message inflates past the limit of {limits.MaxMessageSize} bytes");
        }
    }

    /// <summary>RFC 6455 §5.5.1 and §7.4: a body is empty or a valid status code, then a UTF-8 reason.</summary>
    private void CheckClose()
    {
        if (controlLength == 0)
        {
            CloseStatus = WebSocketCloseStatus.NoStatusReceived;
            return;
        }
        if (controlLength == 1) WebSocketThrow.Protocol("a close frame with a 1-byte body");
        var code = BinaryPrimitives.ReadUInt16BigEndian(ControlPayload);
        if (!IsValidCloseCode(code)) WebSocketThrow.Protocol($"close status {code} may not be sent");
        if (!Utf8.IsValid(CloseReason)) WebSocketThrow.InvalidUtf8();
        CloseStatus = (WebSocketCloseStatus)code;
    }

    internal static bool IsValidCloseCode(int code) =>
        code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999);

    private void Grow(int needed)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, (int)Math.Min(Math.Max(message.Length * 2L, 4096), limits.MaxMessageSize)));
        message.AsSpan(0, messageLength).CopyTo(bigger);
        if (message.Length > 0) ArrayPool<byte>.Shared.Return(message);
        message = bigger;
    }

    /// <summary>
    /// Between messages (the last one handed out is no longer needed): the buffer goes back to the pool, so a connection
    /// waiting for its next message holds none. A message in progress keeps it.
    /// </summary>
    public void ReleaseMessage()
    {
        if (inMessage || message.Length == 0) return;
        ArrayPool<byte>.Shared.Return(message);
        message = [];
        messageLength = 0;
    }

    public void Dispose()
    {
        if (message.Length > 0) ArrayPool<byte>.Shared.Return(message);
        message = [];
        inflater?.Dispose();
    }
}
