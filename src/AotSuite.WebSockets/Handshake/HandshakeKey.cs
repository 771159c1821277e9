using System.Buffers.Text;
using System.Security.Cryptography;

namespace AotSuite.WebSockets.Handshake;

/// <summary>RFC 6455 §4.2.2: Sec-WebSocket-Accept = base64(SHA-1(key + the protocol's GUID)), without allocating.</summary>
internal static class HandshakeKey
{
    private static ReadOnlySpan<byte> Guid => "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8;

    /// <summary>A valid key is the base64 of 16 bytes: 24 characters.</summary>
    public static bool IsValid(ReadOnlySpan<byte> key)
    {
        if (key.Length != 24) return false;
        Span<byte> decoded = stackalloc byte[18];
        return Base64.DecodeFromUtf8(key, decoded, out _, out var written) == System.Buffers.OperationStatus.Done && written == 16;
    }

    /// <summary>Writes the 28-byte accept value for <paramref name="key"/>.</summary>
    public static int ComputeAccept(ReadOnlySpan<byte> key, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[key.Length + Guid.Length];
        key.CopyTo(input);
        Guid.CopyTo(input[key.Length..]);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        Base64.EncodeToUtf8(hash, destination, out _, out var written);
        return written;
    }

    /// <summary>A fresh client key: 16 random bytes, base64.</summary>
    public static string NewKey()
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return Convert.ToBase64String(random);
    }
}
