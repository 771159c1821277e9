using AotSuite.WebSockets.Framing;

namespace AotSuite.Benchmarks.WebSockets;

/// <summary>Frames as a client sends them: masked with a fixed key.</summary>
internal static class MaskedFrames
{
    public static byte[] Text(ReadOnlySpan<byte> payload)
    {
        const uint Key = 0x37FA213D;
        var frame = new byte[FrameHeader.MaxSize + payload.Length];
        var header = FrameHeader.Write(frame, WebSocketOpcode.Text, fin: true, payload.Length, Key);
        payload.CopyTo(frame.AsSpan(header));
        PayloadMask.Apply(frame.AsSpan(header, payload.Length), Key, 0);
        return frame[..(header + payload.Length)];
    }
}
