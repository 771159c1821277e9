using System.Buffers;
using System.IO.Pipelines;

namespace AotSuite.Streams.Csv;

/// <summary>
/// A <see cref="PipeReader"/> as a CSV byte source (sockets, request bodies): copies whatever the pipe holds, up to the
/// room given, and advances past exactly that, so the pipe's own buffers go back to it at once.
/// </summary>
internal sealed class PipeByteSource(PipeReader pipe, bool leaveOpen) : CsvByteSource
{
    public override bool CanReadSynchronously => false;

    public override int Read(Span<byte> target) => throw new NotSupportedException();

    public override async ValueTask<int> ReadAsync(Memory<byte> target, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            var data = result.Buffer;
            if (!data.IsEmpty)
            {
                var count = (int)Math.Min(data.Length, target.Length);
                data.Slice(0, count).CopyTo(target.Span);
                pipe.AdvanceTo(data.GetPosition(count));
                return count;
            }
            pipe.AdvanceTo(data.Start, data.End);
            if (result.IsCanceled) throw new OperationCanceledException("the pipe's pending read was canceled");
            if (result.IsCompleted) return 0;
        }
    }

    public override void Dispose()
    {
        if (!leaveOpen) pipe.Complete();
    }
}
