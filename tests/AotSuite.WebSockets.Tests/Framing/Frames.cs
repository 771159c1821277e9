using System.Buffers.Binary;
using System.Text;
using AotSuite.WebSockets.Framing;

namespace AotSuite.WebSockets.Tests.Framing;

/// <summary>Builds frames byte by byte, the way a client puts them on the wire, including the ones RFC 6455 forbids.</summary>
internal static class Frames
{
    public static readonly byte[] Key = [0x37, 0xFA, 0x21, 0x3D];

    public static byte[] Frame(int opcode, ReadOnlySpan<byte> payload, bool fin = true, bool masked = true, int rsv = 0, long? declaredLength = null)
    {
        var length = declaredLength ?? payload.Length;
        var frame = new List<byte> { (byte)((fin ? 0x80 : 0) | rsv | opcode) };
        var maskBit = masked ? 0x80 : 0;
        if (length <= 125) frame.Add((byte)(maskBit | (int)length));
        else if (length <= ushort.MaxValue)
        {
            frame.Add((byte)(maskBit | 126));
            frame.Add((byte)(length >> 8));
            frame.Add((byte)length);
        }
        else
        {
            frame.Add((byte)(maskBit | 127));
            var wide = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(wide, (ulong)length);
            frame.AddRange(wide);
        }
        if (masked) frame.AddRange(Key);
        for (var i = 0; i < payload.Length; i++) frame.Add(masked ? (byte)(payload[i] ^ Key[i & 3]) : payload[i]);
        return [.. frame];
    }

    public static byte[] Text(string text, bool fin = true, bool masked = true) => Frame(1, Encoding.UTF8.GetBytes(text), fin, masked);

    public static byte[] Continuation(string text, bool fin = true) => Frame(0, Encoding.UTF8.GetBytes(text), fin);

    public static byte[] Binary(byte[] data, bool fin = true) => Frame(2, data, fin);

    public static byte[] Ping(string text = "") => Frame(9, Encoding.UTF8.GetBytes(text));

    public static byte[] Close(int? code = null, string reason = "")
    {
        if (code is null) return Frame(8, []);
        var body = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)code.Value);
        Encoding.UTF8.GetBytes(reason, body.AsSpan(2));
        return Frame(8, body);
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(static p => p)];

    /// <summary>Whole, one byte at a time, and five seeded random splits: every parser here is fed all three ways.</summary>
    public static IEnumerable<(string Name, int[] Sizes)> Arrivals(int length)
    {
        yield return ("whole", [length]);
        yield return ("byte by byte", [.. Enumerable.Repeat(1, length)]);
        for (var seed = 1; seed <= 5; seed++)
        {
            var random = new Random(seed);
            var sizes = new List<int>();
            for (var left = length; left > 0;)
            {
                var size = Math.Min(left, random.Next(1, 9));
                sizes.Add(size);
                left -= size;
            }
            yield return ($"random split {seed}", [.. sizes]);
        }
    }
}
