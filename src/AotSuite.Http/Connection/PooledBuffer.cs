using System.Buffers;

namespace AotSuite.Http.Connection;

/// <summary>A growable byte buffer from the shared pool, reused request after request by one connection.</summary>
internal sealed class PooledBuffer(int initialSize) : IDisposable
{
    private byte[] array = ArrayPool<byte>.Shared.Rent(initialSize);

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => array.AsSpan(0, Length);

    public ReadOnlySpan<byte> Slice(int start, int length) => array.AsSpan(start, length);

    /// <summary>Appends and returns where the bytes start.</summary>
    public int Append(ReadOnlySpan<byte> bytes)
    {
        var start = Length;
        EnsureRoom(bytes.Length);
        bytes.CopyTo(array.AsSpan(Length));
        Length += bytes.Length;
        return start;
    }

    public void Append(ReadOnlySequence<byte> bytes)
    {
        EnsureRoom(checked((int)bytes.Length));
        bytes.CopyTo(array.AsSpan(Length));
        Length += (int)bytes.Length;
    }

    public void Clear() => Length = 0;

    private void EnsureRoom(int more)
    {
        if (Length + more <= array.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(array.Length * 2, Length + more));
        array.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(array);
        array = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(array);
        array = [];
    }
}
