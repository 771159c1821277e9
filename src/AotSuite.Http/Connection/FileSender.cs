using System.Net.Sockets;
using System.Threading.Tasks.Sources;
using Microsoft.Win32.SafeHandles;

namespace AotSuite.Http.Connection;

/// <summary>
/// sendfile(2) through <see cref="Socket.SendPacketsAsync"/>, which (unlike <c>Socket.SendFileAsync</c>) takes an open
/// file with an offset and a count, so a range goes out without a copy too. One per connection, reused.
/// </summary>
internal sealed class FileSender : SocketAsyncEventArgs, IValueTaskSource
{
    // SendPacketsElement counts are ints; larger ranges go in parts.
    private const int MaxPart = 1 << 30;

    private readonly SendPacketsElement[] elements = new SendPacketsElement[1];
    private ManualResetValueTaskSourceCore<bool> completion;

    public FileSender() : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    public async ValueTask SendAsync(Socket socket, SafeFileHandle file, long offset, long count)
    {
        // The stream only carries the handle into SendPacketsElement; it is never disposed (the handle is the caller's),
        // and its finalizer must not close the handle either.
        var stream = new FileStream(file, FileAccess.Read, bufferSize: 0, isAsync: true);
        GC.SuppressFinalize(stream);
        try
        {
            while (count > 0)
            {
                var part = (int)Math.Min(count, MaxPart);
                elements[0] = new SendPacketsElement(stream, offset, part, endOfPacket: true);
                SendPacketsElements = elements;
                completion.Reset();
                if (socket.SendPacketsAsync(this)) await new ValueTask(this, completion.Version);
                else ThrowOnError();
                offset += part;
                count -= part;
            }
        }
        finally
        {
            elements[0] = null!;
            SendPacketsElements = null;
        }
    }

    protected override void OnCompleted(SocketAsyncEventArgs e) => completion.SetResult(true);

    private void ThrowOnError()
    {
        if (SocketError != SocketError.Success) throw new SocketException((int)SocketError);
    }

    void IValueTaskSource.GetResult(short token)
    {
        completion.GetResult(token);
        ThrowOnError();
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => completion.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        completion.OnCompleted(continuation, state, token, flags);
}
