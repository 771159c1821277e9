namespace AotSuite.Http.Connection;

/// <summary>
/// <c>PipeReader.AdvanceTo</c> for the readers that hand out one block's bytes <c>[start, end)</c> as a single-array
/// sequence (<see cref="SocketReader"/>, the ring's reader): positions there are indexes into that array, and an empty
/// read's have no array.
/// </summary>
internal static class SingleBlockAdvance
{
    /// <summary>Moves <paramref name="start"/> to <paramref name="consumed"/>; true when everything held was examined.</summary>
    public static bool Apply(SequencePosition consumed, SequencePosition examined, ref int start, int end)
    {
        var to = consumed.GetObject() is null ? start : consumed.GetInteger();
        var seen = examined.GetObject() is null ? to : examined.GetInteger();
        if (to < start || to > end || seen < to) throw new InvalidOperationException("AdvanceTo past the bytes read, or examined before consumed.");
        start = to;
        return seen >= end;
    }
}
