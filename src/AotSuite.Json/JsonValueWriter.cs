using System.ComponentModel;
using System.Text.Json;

namespace AotSuite.Json;

/// <summary>Scalar writes that Utf8JsonWriter has no overload for, formatted without allocating.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonValueWriter
{
    public static void WriteDateOnly(Utf8JsonWriter writer, DateOnly value)
    {
        Span<byte> buffer = stackalloc byte[10];
        value.TryFormat(buffer, out var written, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteStringValue(buffer[..written]);
    }

    public static void WriteTimeSpan(Utf8JsonWriter writer, TimeSpan value)
    {
        Span<byte> buffer = stackalloc byte[32];
        value.TryFormat(buffer, out var written, "c", System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteStringValue(buffer[..written]);
    }
}
