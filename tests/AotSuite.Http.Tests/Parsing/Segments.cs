using System.Buffers;

namespace AotSuite.Http.Tests.Parsing;

/// <summary>Builds multi-segment sequences, so tests reach the paths for lines split across a pipe's buffers.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Build(byte[] input, IReadOnlyList<int> splits)
    {
        if (splits.Count == 0) return new ReadOnlySequence<byte>(input);
        Segment? first = null, last = null;
        var start = 0;
        foreach (var end in splits.Append(input.Length))
        {
            var memory = input.AsMemory(start, end - start);
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
            start = end;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    public static int[] EveryByte(int length) => [.. Enumerable.Range(1, Math.Max(0, length - 1))];

    public static int[] Random(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(1, Math.Max(0, length - 1)).Where(_ => random.Next(4) == 0)];
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
