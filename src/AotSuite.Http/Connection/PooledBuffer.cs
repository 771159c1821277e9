using System.Buffers;

namespace AotSuite.Http.Connection;

/// <summary>A growable byte buffer from the shared pool, reused request after request by one connection.</summary>
internal sealed class PooledBuffer(int initialSize) : IDisposable
{
    private byte[] array = ArrayPool<byte>.Shared.Rent(initialSize);
    private bool rented = true;

    public int Length { get; private set; }

    /// <summary>The size of the array behind the buffer (what it holds on to, in use or not).</summary>
    public int Capacity => array.Length;

    public ReadOnlySpan<byte> Span => array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => array.AsMemory(0, Length);

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

    public void Clear() => Length = 0;

    /// <summary>
    /// Keeps the bytes written in an array of their exact size and gives the pooled one back: for a buffer that is only
    /// read from now on (an upgraded connection's request head), a few hundred bytes instead of the pool's 4 KiB.
    /// </summary>
    public void TrimToContent()
    {
        if (!rented) return;
        var exact = Span.ToArray();
        ArrayPool<byte>.Shared.Return(array);
        array = exact;
        rented = false;
    }

    private void EnsureRoom(int more)
    {
        if (Length + more <= array.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(array.Length * 2, Length + more));
        array.AsSpan(0, Length).CopyTo(bigger);
        if (rented) ArrayPool<byte>.Shared.Return(array);
        array = bigger;
        rented = true;
    }

    /// <summary>Gives the array back; the buffer is empty afterwards and rents again if appended to.</summary>
    public void Dispose()
    {
        if (rented) ArrayPool<byte>.Shared.Return(array);
        array = [];
        rented = false;
        Length = 0;
    }
}
