using System.Buffers;
using System.Buffers.Binary;

namespace AotSuite.WebSockets.Framing;

/// <summary>RFC 6455 §5.2: the 2 to 14 bytes before a frame's payload.</summary>
internal readonly record struct FrameHeader(bool Fin, bool Rsv1, WebSocketOpcode Opcode, bool Masked, uint MaskKey, long PayloadLength)
{
    public const int MaxSize = 14;

    public bool IsControl => ((byte)Opcode & 0x8) != 0;

    /// <summary>
    /// Reads a whole header, or nothing (false, reader untouched) while one is incomplete. The first two bytes are
    /// checked as soon as they arrive, so a bad frame fails before its length or mask are even read.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, bool expectMasked, out FrameHeader header)
    {
        header = default;
        Span<byte> bytes = stackalloc byte[MaxSize];
        var available = (int)Math.Min(MaxSize, reader.Remaining);
        if (available < 2) return false;
        if (!reader.TryCopyTo(bytes[..available])) return false;
        var first = bytes[0];
        var second = bytes[1];
        var opcode = (WebSocketOpcode)(first & 0x0F);
        var fin = (first & 0x80) != 0;
        var masked = (second & 0x80) != 0;
        if ((first & 0x30) != 0) WebSocketThrow.Protocol("RSV2/RSV3 set, but no extension defines them");
        if (opcode is not (WebSocketOpcode.Continuation or WebSocketOpcode.Text or WebSocketOpcode.Binary or WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong))
            WebSocketThrow.Protocol("reserved opcode");
        if (masked != expectMasked) WebSocketThrow.Protocol(expectMasked ? "a client frame is not masked (RFC 6455 §5.1)" : "a server frame is masked (RFC 6455 §5.1)");
        var length7 = second & 0x7F;
        if (((byte)opcode & 0x8) != 0)
        {
            // §5.5: control frames are never fragmented and carry at most 125 bytes.
            if (!fin) WebSocketThrow.Protocol("a fragmented control frame");
            if (length7 > 125) WebSocketThrow.Protocol("a control frame longer than 125 bytes");
        }
        var size = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + (masked ? 4 : 0);
        if (available < size) return false;
        long length = length7;
        var at = 2;
        if (length7 == 126)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
            at = 4;
        }
        else if (length7 == 127)
        {
            var wide = BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]);
            if (wide > long.MaxValue) WebSocketThrow.Protocol("a 64-bit payload length with its top bit set");
            length = (long)wide;
            at = 10;
        }
        var key = masked ? BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]) : 0;
        header = new FrameHeader(fin, (first & 0x40) != 0, opcode, masked, key, length);
        reader.Advance(size);
        return true;
    }

    /// <summary>Writes the header for a payload of <paramref name="length"/> bytes; returns its size.</summary>
    public static int Write(Span<byte> destination, WebSocketOpcode opcode, bool fin, long length, uint? maskKey, bool rsv1 = false)
    {
        destination[0] = (byte)((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (byte)opcode);
        var maskBit = maskKey.HasValue ? 0x80 : 0;
        int at;
        if (length <= 125)
        {
            destination[1] = (byte)(maskBit | (int)length);
            at = 2;
        }
        else if (length <= ushort.MaxValue)
        {
            destination[1] = (byte)(maskBit | 126);
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
            at = 4;
        }
        else
        {
            destination[1] = (byte)(maskBit | 127);
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)length);
            at = 10;
        }
        if (maskKey is { } key)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[at..], key);
            at += 4;
        }
        return at;
    }
}
