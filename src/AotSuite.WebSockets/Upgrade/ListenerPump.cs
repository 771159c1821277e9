using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using AotSuite.Web;

namespace AotSuite.WebSockets.Upgrade;

/// <summary>
/// Reads a server connection for its <see cref="WebSocketListener"/> and is the connection's life as the HTTP server
/// sees it (the task its upgrade returns). Waiting for input is a continuation registered on the reader, not an async
/// frame: an idle connection keeps this object and its socket, nothing else. Each wait is followed by a step (an async
/// method: receive the message, call the listener) that runs without a frame unless something in it has to wait.
/// </summary>
/// <remarks>
/// The wait hands what it read straight back unexamined (and a cancelled read's cancellation with it), so the step's
/// <see cref="WebSocket.ReceiveAsync"/> reads the same bytes at once and keeps every rule of the protocol in one place.
/// </remarks>
internal sealed class ListenerPump : IValueTaskSource
{
    private readonly WebSocket socket;
    private readonly WebSocketListener listener;
    private readonly Action resume;
    private ManualResetValueTaskSourceCore<bool> ended;
    // Exactly one of these is awaited at a time; resume takes its result.
    private ValueTask<ReadResult> waiting;
    private ValueTask<bool> step;
    private bool stepping;
    // Set once the listener's OnOpenAsync has completed: only then does it hear of the close.
    private bool opened;

    private ListenerPump(WebSocket socket, WebSocketListener listener)
    {
        this.socket = socket;
        this.listener = listener;
        resume = Resume;
    }

    /// <summary>Opens the connection for <paramref name="listener"/> and serves it; the task completes once it has closed.</summary>
    public static ValueTask Run(WebSocket socket, WebSocketListener listener, WebContext context)
    {
        var pump = new ListenerPump(socket, listener);
        pump.Continue(pump.OpenAsync(context));
        return new ValueTask(pump, pump.ended.Version);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> OpenAsync(WebContext context)
    {
        await listener.OnOpenAsync(socket, context);
        return true;
    }

    /// <summary>One message: read it (the bytes are there, or most of a frame is), hand it to the listener. False once closed.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> StepAsync()
    {
        var message = await socket.ReceiveAsync();
        if (message.IsClose) return false;
        await listener.OnMessageAsync(socket, message);
        return true;
    }

    /// <summary>Goes on from a step's outcome: waits for the next input and steps again, or ends.</summary>
    private void Continue(ValueTask<bool> next)
    {
        while (true)
        {
            if (!next.IsCompleted)
            {
                step = next;
                stepping = true;
                next.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(resume);
                return;
            }
            bool open;
            try
            {
                open = next.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                _ = EndAsync(e);
                return;
            }
            if (!open)
            {
                _ = EndAsync(failure: null);
                return;
            }
            opened = true;
            try
            {
                if (!HasInput()) return;
            }
            catch (Exception e)
            {
                // Nothing may escape to the thread that completed the read (an io_uring's loop, say).
                _ = EndAsync(e);
                return;
            }
            next = StepAsync();
        }
    }

    /// <summary>True when input is there (given back for the step to read); false when the wait is registered.</summary>
    private bool HasInput()
    {
        ValueTask<ReadResult> read;
        try
        {
            read = socket.Input.ReadAsync();
        }
        catch (Exception e) when (WebSocket.IsTransportFailure(e))
        {
            // The step's receive meets the same failure and ends the connection for it (1006).
            return true;
        }
        if (read.IsCompleted)
        {
            GiveBack(read);
            return true;
        }
        // Waits holding no message buffer, as ReceiveAsync's own wait does.
        socket.ReleaseMessage();
        waiting = read;
        read.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(resume);
        return false;
    }

    private void Resume()
    {
        if (stepping)
        {
            var next = step;
            step = default;
            stepping = false;
            Continue(next);
            return;
        }
        var read = waiting;
        waiting = default;
        try
        {
            GiveBack(read);
        }
        catch (Exception e)
        {
            _ = EndAsync(e);
            return;
        }
        Continue(StepAsync());
    }

    /// <summary>Gives a read back unexamined, with its cancellation (a stop, an abort): the step's receive reads it again.</summary>
    private void GiveBack(ValueTask<ReadResult> read)
    {
        try
        {
            var result = read.GetAwaiter().GetResult();
            socket.Input.AdvanceTo(result.Buffer.Start);
            if (result.IsCanceled) socket.Input.CancelPendingRead();
        }
        catch (Exception e) when (WebSocket.IsTransportFailure(e))
        {
            // As in HasInput: the step's receive meets the failure and reports it.
        }
    }

    private async Task EndAsync(Exception? failure)
    {
        try
        {
            if (failure is not null)
            {
                // The listener's failure ends its connection (1011), never the server.
                Console.Error.WriteLine($"error: WebSocket listener: {failure.Message}");
                await socket.CloseAsync(WebSocketCloseStatus.InternalServerError, "internal error");
            }
            await socket.FinishAsync();
            if (opened) await listener.OnCloseAsync(socket);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: WebSocket listener's close: {e.Message}");
        }
        finally
        {
            try
            {
                await socket.DisposeAsync();
            }
            finally
            {
                // The HTTP server counts the connection ended only when this completes: whatever happened above.
                ended.SetResult(true);
            }
        }
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => ended.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        ended.OnCompleted(continuation, state, token, flags);

    void IValueTaskSource.GetResult(short token) => ended.GetResult(token);
}
