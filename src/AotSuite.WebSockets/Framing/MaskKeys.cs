using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AotSuite.WebSockets.Framing;

/// <summary>
/// RFC 6455 §5.3 masking keys for a client's frames, from the system CSPRNG but drawn 256 at a time (as ws pools its
/// random bytes): one getrandom(2) per frame was a system call in every client send.
/// </summary>
internal static class MaskKeys
{
    [ThreadStatic] private static byte[]? pool;
    [ThreadStatic] private static int next;

    public static uint Next()
    {
        var bytes = pool ??= new byte[1024];
        if (next == 0) RandomNumberGenerator.Fill(bytes);
        var key = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(next));
        next = (next + 4) % bytes.Length;
        return key;
    }
}
