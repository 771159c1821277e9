using System.Buffers;

namespace AotSuite.Benchmarks.Http;

/// <summary>A buffer split in two segments, as a pipe can hand it over: the parsers' slow path for a line that straddles them.</summary>
internal sealed class TwoSegments : ReadOnlySequenceSegment<byte>
{
    private TwoSegments(ReadOnlyMemory<byte> memory, long index)
    {
        Memory = memory;
        RunningIndex = index;
    }

    public static ReadOnlySequence<byte> Build(byte[] bytes, int at)
    {
        var first = new TwoSegments(bytes.AsMemory(0, at), 0);
        var second = new TwoSegments(bytes.AsMemory(at), at);
        first.Next = second;
        return new ReadOnlySequence<byte>(first, 0, second, second.Memory.Length);
    }
}
