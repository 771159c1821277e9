using System.IO.Pipelines;
using System.Net.Sockets;

namespace AotSuite.Http.Connection;

/// <summary>
/// A socket's stream (plain or TLS) as the connection's duplex pipe. <paramref name="Socket"/> is set only when the pipe
/// writes straight to that socket (no TLS in between): then a file can go out with sendfile(2) once the pipe is flushed.
/// </summary>
internal sealed record SocketTransport(PipeReader Input, PipeWriter Output, Stream Stream, Socket? Socket) : IDuplexPipe
{
    public static SocketTransport Over(Stream stream, Socket? socket) =>
        new(Reader(stream, zeroByteReads: false), PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)), stream, socket);

    private static PipeReader Reader(Stream stream, bool zeroByteReads) =>
        PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true, useZeroByteReads: zeroByteReads));

    /// <summary>
    /// The pipes for a protocol switched to (WebSocket). A stream reader rents its 4 KiB block when a read starts and
    /// holds it while the read waits, which for an idle upgraded connection is all the time; a reader that waits with a
    /// zero-byte read rents only once data is there: over a plain socket a <see cref="SocketReader"/>, under TLS a
    /// stream reader with zero-byte reads. HTTP keeps the plain reads (one wait per request, no extra call).
    /// Over a plain socket the writer becomes a <see cref="SocketWriter"/> too (a stream writer keeps a segment, its pool
    /// and a cancellation source between flushes). Bytes the client sent right behind its upgrade request already
    /// belong to the new protocol: then these pipes, whose reader holds them, stay.
    /// </summary>
    public async ValueTask<IDuplexPipe> ForUpgradeAsync()
    {
        // The socket's send operation object keeps the memory of its last send (here the 101's pooled 4 KiB block, back
        // in the pool by now) until the next send: a 4 KiB array per idle connection once the pool has let go of it.
        // An empty send replaces it; send(2) of 0 bytes puts nothing on the wire.
        if (Socket is not null) await Socket.SendAsync(ReadOnlyMemory<byte>.Empty);
        if (Input.TryRead(out var buffered))
        {
            Input.AdvanceTo(buffered.Buffer.Start);
            return this;
        }
        await Input.CompleteAsync();
        if (Socket is not null) await Output.CompleteAsync();
        // Straight over the socket when nothing sits between (no TLS): far less to keep per connection.
        return this with
        {
            Input = Socket is not null ? new SocketReader(Socket) : Reader(Stream, zeroByteReads: true),
            Output = Socket is not null ? new SocketWriter(Socket) : Output,
        };
    }
}
