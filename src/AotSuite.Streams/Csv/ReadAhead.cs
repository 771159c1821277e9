using System.Runtime.ExceptionServices;

namespace AotSuite.Streams.Csv;

/// <summary>
/// Reads a stream on a thread of its own into a ring of three buffers, so the kernel's copy of the next chunk runs on
/// another core while the reader parses this one; the reader parses the buffers in place (no copy on this side).
/// </summary>
/// <remarks>
/// Each buffer holds <see cref="Reserve"/> bytes of room, then a chunk of input, then the parser's padding: the reader
/// moves the unfinished row of the buffer it leaves into the room before the chunk. Slots are filled and released in
/// ring order. The buffers are plain arrays, not pooled: a thread still blocked in a read when the reader is disposed
/// writes into memory nobody else gets. Two semaphores rather than a Channel: <see cref="CsvReader.Read"/> is
/// synchronous and a Channel has no blocking read; when the ring is full the thread waits, the one policy input allows.
/// </remarks>
internal sealed class ReadAhead : IDisposable
{
    private const int Slots = 3;
    private readonly Stream stream;
    private readonly byte[][] buffers = new byte[Slots][];
    private readonly int[] counts = new int[Slots];
    private readonly SemaphoreSlim filled = new(0, Slots);
    private readonly SemaphoreSlim free = new(Slots, Slots + 1); // + 1: Dispose wakes the thread once more
    private readonly int chunk;
    private int taken;               // slots taken by the reader so far (the next is taken % Slots)
    private bool ended;              // the end (or the error) was taken: the thread has stopped
    private Exception? error;
    private volatile bool stopping;

    public ReadAhead(Stream stream, int chunk, int padding)
    {
        this.stream = stream;
        this.chunk = chunk;
        Reserve = chunk;
        for (var i = 0; i < Slots; i++) buffers[i] = GC.AllocateUninitializedArray<byte>(Reserve + chunk + padding);
        new Thread(Fill) { IsBackground = true, Name = "CsvReader read-ahead" }.Start();
    }

    /// <summary>Room before each chunk for the row left unfinished by the buffer before.</summary>
    public int Reserve { get; }

    /// <summary>
    /// Waits for the next chunk: its buffer, with the data at [<see cref="Reserve"/>, + the count returned); 0 at the end
    /// of the input. The stream's error, if reading failed, is thrown here.
    /// </summary>
    public int Take(out byte[] buffer)
    {
        if (!ended) filled.Wait();
        var slot = ended ? (taken - 1) % Slots : taken++ % Slots;
        buffer = buffers[slot];
        var count = counts[slot];
        ended = count <= 0;
        if (count < 0) ExceptionDispatchInfo.Throw(error!);
        return count;
    }

    /// <summary>Gives back the oldest buffer taken and not yet released, for the next chunk.</summary>
    public void Release() => free.Release();

    /// <summary>Whether <paramref name="buffer"/> is one of the ring's (the reader's own grown buffer is not).</summary>
    public bool Owns(byte[] buffer) => Array.IndexOf(buffers, buffer) >= 0;

    private void Fill()
    {
        for (var slot = 0; ; slot = (slot + 1) % Slots)
        {
            free.Wait();
            if (stopping) return;
            var buffer = buffers[slot];
            var count = 0;
            try
            {
                // A whole chunk per slot (a pipe or a socket gives less per read): fewer hand-overs.
                for (int read; count < chunk && (read = stream.Read(buffer, Reserve + count, chunk - count)) > 0;) count += read;
            }
            catch (Exception e)
            {
                error = e;
                count = -1;
            }
            counts[slot] = count;
            filled.Release();
            if (count <= 0) return;
        }
    }

    public void Dispose()
    {
        stopping = true;
        free.Release();
    }
}
