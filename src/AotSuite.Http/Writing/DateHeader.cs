using System.Text;

namespace AotSuite.Http.Writing;

/// <summary>The <c>Date</c> field value (RFC 9110 §6.6.1), formatted at most once a second and shared by all connections.</summary>
internal static class DateHeader
{
    private static long second = -1;
    private static byte[] value = [];

    public static ReadOnlySpan<byte> Current
    {
        get
        {
            var now = DateTimeOffset.UtcNow;
            var unix = now.ToUnixTimeSeconds();
            if (unix != Volatile.Read(ref second))
            {
                // A race writes the same text twice; readers see either whole array.
                Volatile.Write(ref value, Encoding.ASCII.GetBytes(now.ToString("r", System.Globalization.CultureInfo.InvariantCulture)));
                Volatile.Write(ref second, unix);
            }
            return Volatile.Read(ref value);
        }
    }
}
