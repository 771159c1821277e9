using System.Buffers;
using System.IO.Pipelines;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Tests.Connection;

/// <summary>
/// An <see cref="HttpConnection"/> over two in-memory pipes with inline schedulers: the caller's thread drives the
/// whole round trip (write request, connection parses, handler runs, response written), so allocations can be counted
/// on that thread.
/// </summary>
internal sealed class InMemoryConnection : IDisposable
{
    private static readonly PipeOptions Inline = new(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 0, useSynchronizationContext: false);

    private readonly Pipe requests = new(Inline);
    private readonly Pipe responses = new(Inline);
    private readonly HttpConnection connection;
    private readonly CancellationTokenSource stop = new();

    public InMemoryConnection(HttpHandler handler, HttpServerOptions? options = null)
    {
        connection = new HttpConnection(new Transport(requests.Reader, responses.Writer), stop, handler, options ?? new HttpServerOptions());
        Running = connection.RunAsync(stop.Token);
    }

    public Task Running { get; }

    /// <summary>Sends one request and consumes exactly <paramref name="responseLength"/> bytes of response; returns them counted.</summary>
    public long RoundTrip(ReadOnlySpan<byte> request, int responseLength)
    {
        requests.Writer.Write(request);
        var flush = requests.Writer.FlushAsync();
        if (!flush.IsCompleted) throw new InvalidOperationException("the request flush should complete inline");
        if (!responses.Reader.TryRead(out var result) || result.Buffer.Length < responseLength)
        {
            throw new InvalidOperationException($"expected {responseLength} response bytes, have {(result.Buffer.IsEmpty ? 0 : result.Buffer.Length)}");
        }
        var consumed = result.Buffer.Slice(0, responseLength);
        responses.Reader.AdvanceTo(consumed.End);
        return consumed.Length;
    }

    /// <summary>The first response whole, to learn its length.</summary>
    public string First(ReadOnlySpan<byte> request)
    {
        requests.Writer.Write(request);
        _ = requests.Writer.FlushAsync();
        responses.Reader.TryRead(out var result);
        var text = System.Text.Encoding.ASCII.GetString(result.Buffer.ToArray());
        responses.Reader.AdvanceTo(result.Buffer.End);
        return text;
    }

    public void Dispose()
    {
        stop.Cancel();
        requests.Writer.Complete();
        connection.Dispose();
    }

    private sealed record Transport(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
