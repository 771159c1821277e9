using System.Buffers.Text;

namespace AotSuite.Http.Writing;

/// <summary>
/// The <c>Date</c> field value (RFC 9110 §6.6.1), formatted at most once a second and shared by all connections. Two
/// arrays take turns, so the refresh allocates nothing: a reader copies the 29 bytes at once, and an array is written
/// again only two seconds after it was handed out.
/// </summary>
internal static class DateHeader
{
    private const int Length = 29; // "Tue, 03 Jan 2017 08:08:05 GMT"

    private static readonly byte[][] Values = [new byte[Length], new byte[Length]];
    private static readonly Lock Refresh = new();
    private static long second = -1;
    private static byte[] value = Values[0];

    public static ReadOnlySpan<byte> Current
    {
        get
        {
            var now = DateTimeOffset.UtcNow;
            var unix = now.ToUnixTimeSeconds();
            if (unix != Volatile.Read(ref second)) Format(now, unix);
            return Volatile.Read(ref value);
        }
    }

    private static void Format(DateTimeOffset now, long unix)
    {
        lock (Refresh)
        {
            if (unix == second) return;
            var next = ReferenceEquals(value, Values[0]) ? Values[1] : Values[0];
            Utf8Formatter.TryFormat(now, next, out _, 'R');
            Volatile.Write(ref value, next);
            Volatile.Write(ref second, unix);
        }
    }
}
