using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AotSuite.WebSockets.Framing;

/// <summary>RFC 6455 §5.3: XOR with the 4-byte masking key, eight bytes at a time; the same call masks and unmasks.</summary>
internal static class PayloadMask
{
    /// <param name="key">The key as it appears on the wire, read big-endian.</param>
    /// <param name="offset">How many payload bytes of this frame came before <paramref name="data"/> (a frame split across reads).</param>
    public static void Apply(Span<byte> data, uint key, long offset)
    {
        if (data.IsEmpty) return;
        // Rotate so that data[0] lines up with key byte (offset % 4).
        var rotated = BitOperations.RotateLeft(key, (int)(offset & 3) * 8);
        Span<byte> keyBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(keyBytes, rotated);
        var key32 = MemoryMarshal.Read<uint>(keyBytes);
        var key64 = ((ulong)key32 << 32) | key32;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        for (var w = 0; w < words.Length; w++) words[w] ^= key64;
        for (var i = words.Length * 8; i < data.Length; i++) data[i] ^= keyBytes[i & 3];
    }
}
