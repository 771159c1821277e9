using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using AotSuite.Logging.Redaction;
using AotSuite.Logging.Writing;
using Microsoft.Extensions.Logging;

namespace AotSuite.Logging;

/// <summary>
/// One pino line being written: generated <c>[Log]</c> methods (and <see cref="ILogObject"/> implementations) call it
/// in order: <see cref="BeginMessage"/>, message parts, <see cref="EndMessage"/>, fields, <see cref="Commit"/>.
/// One instance per thread is reused, so a warm call allocates nothing. The per-line methods are compiled fully
/// optimized on first use (AggressiveOptimization): a logger is hot from its first line, and waiting for tiered
/// compilation halved JIT throughput on a busy 2-core machine (docs/BENCHMARKS.md).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class LogEntry : IBufferWriter<byte>
{
    private const int MaxDepth = 16;

    [ThreadStatic] private static LogEntry? cached;

    private byte[] buffer = new byte[2048];
    private int length;
    private Logger logger = null!;
    private bool inUse;
    private bool first;
    // Redaction node of the object being written, and of each enclosing object (null: nothing to censor below).
    private RedactNode? redact;
    private readonly RedactNode?[] redactStack = new RedactNode?[MaxDepth];
    private int depth;

    private LogEntry()
    {
    }

    internal ReadOnlySpan<byte> Written => buffer.AsSpan(0, length);

    /// <summary>Starts a line at <paramref name="level"/>: <c>{"level":30,"time":…,"pid":…,"hostname":…</c> and the bindings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LogEntry Begin(Logger logger, LogLevel level)
    {
        var entry = cached ??= new LogEntry();
        // A value's TryFormat that logs on the same thread must not write into the line being built.
        if (entry.inUse) entry = new LogEntry();
        entry.inUse = true;
        entry.logger = logger;
        entry.length = 0;
        entry.depth = 0;
        entry.redact = logger.Redaction;
        entry.first = false;
        entry.Append(LevelPrefix(level));
        entry.AppendInt64(logger.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        entry.Append(logger.Bindings);
        return entry;
    }

    /// <summary>An entry that writes bare fields (for child bindings): no prefix, no leading comma suppression.</summary>
    internal static LogEntry ForBindings(Logger logger)
    {
        var entry = new LogEntry { logger = logger, redact = logger.Redaction, inUse = true };
        return entry;
    }

    private static ReadOnlySpan<byte> LevelPrefix(LogLevel level) => level switch
    {
        LogLevel.Trace => "{\"level\":10,\"time\":"u8,
        LogLevel.Debug => "{\"level\":20,\"time\":"u8,
        LogLevel.Information => "{\"level\":30,\"time\":"u8,
        LogLevel.Warning => "{\"level\":40,\"time\":"u8,
        LogLevel.Error => "{\"level\":50,\"time\":"u8,
        _ => "{\"level\":60,\"time\":"u8,
    };

    /// <summary>Ends the line and hands it to the logger's sink.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Commit()
    {
        Append("}\n"u8);
        try
        {
            logger.Emit(buffer.AsSpan(0, length));
        }
        finally
        {
            inUse = false;
            logger = null!;
            if (buffer.Length > 1 << 16) buffer = new byte[2048]; // one huge line must not pin its buffer to the thread
        }
    }

    // ---- message ----

    public void BeginMessage() => Append(",\"msg\":\""u8);

    /// <summary>A literal part of the template, escaped by the generator at compile time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Text(ReadOnlySpan<byte> escapedUtf8) => Append(escapedUtf8);

    public void EndMessage() => AppendByte((byte)'"');

    public void MessageString(string? value)
    {
        if (value is null) Append("null"u8);
        else AppendEscaped(value);
    }

    public void MessageBool(bool value) => Append(value ? "true"u8 : "false"u8);

    public void MessageValue<T>(T value) where T : IUtf8SpanFormattable => AppendFormatted(value, default, escape: true);

    public void MessageValue<T>(T value, ReadOnlySpan<char> format) where T : IUtf8SpanFormattable => AppendFormatted(value, format, escape: true);

    public void MessageEnum<T>(T value) where T : struct, Enum => AppendEnum(value);

    public void MessageException(Exception? value) => MessageString(value?.Message);

    // ---- fields ----

    /// <summary>Writes <c>,"key":</c>; false when the path is redacted (the censor is written instead of the value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Key(ReadOnlySpan<byte> key)
    {
        if (first) first = false;
        else AppendByte((byte)',');
        AppendByte((byte)'"');
        Append(key);
        Append("\":"u8);
        if (redact is null) return true;
        var node = redact.Find(key);
        if (node is not { IsLeaf: true }) return true;
        Append(logger.CensorJson);
        return false;
    }

    public void FieldNull(ReadOnlySpan<byte> key)
    {
        if (Key(key)) Append("null"u8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FieldString(ReadOnlySpan<byte> key, string? value)
    {
        if (!Key(key)) return;
        if (value is null)
        {
            Append("null"u8);
            return;
        }
        AppendByte((byte)'"');
        AppendEscaped(value);
        AppendByte((byte)'"');
    }

    public void FieldBool(ReadOnlySpan<byte> key, bool value)
    {
        if (Key(key)) Append(value ? "true"u8 : "false"u8);
    }

    /// <summary>An integer or decimal written as a JSON number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FieldNumber<T>(ReadOnlySpan<byte> key, T value) where T : IUtf8SpanFormattable
    {
        if (Key(key)) AppendFormatted(value, default, escape: false);
    }

    /// <summary>A JSON number; NaN and infinities are not JSON, so they are written as null (what JSON.stringify does).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FieldDouble(ReadOnlySpan<byte> key, double value)
    {
        if (!Key(key)) return;
        if (double.IsFinite(value)) AppendFormatted(value, default, escape: false);
        else Append("null"u8);
    }

    public void FieldSingle(ReadOnlySpan<byte> key, float value)
    {
        if (!Key(key)) return;
        if (float.IsFinite(value)) AppendFormatted(value, default, escape: false);
        else Append("null"u8);
    }

    /// <summary>Any other formattable value (Guid, IPAddress, a date with format "O") written as a JSON string.</summary>
    public void FieldValue<T>(ReadOnlySpan<byte> key, T value) where T : IUtf8SpanFormattable? => FieldValue(key, value, default);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FieldValue<T>(ReadOnlySpan<byte> key, T value, ReadOnlySpan<char> format) where T : IUtf8SpanFormattable?
    {
        if (!Key(key)) return;
        if (value is null)
        {
            Append("null"u8);
            return;
        }
        AppendByte((byte)'"');
        AppendFormatted(value, format, escape: true);
        AppendByte((byte)'"');
    }

    public void FieldEnum<T>(ReadOnlySpan<byte> key, T value) where T : struct, Enum
    {
        if (!Key(key)) return;
        AppendByte((byte)'"');
        AppendEnum(value);
        AppendByte((byte)'"');
    }

    /// <summary>A nested object written by <paramref name="value"/> itself; redaction paths follow into it.</summary>
    public void FieldObject<T>(ReadOnlySpan<byte> key, T value) where T : ILogObject?
    {
        if (value is null)
        {
            FieldNull(key);
            return;
        }
        if (!BeginObject(key)) return;
        value.WriteFields(this);
        EndObject();
    }

    /// <summary>Opens <c>"key":{</c>; false (and nothing to close) when the whole object is redacted.</summary>
    public bool BeginObject(ReadOnlySpan<byte> key)
    {
        var node = redact?.Find(key);
        if (!Key(key)) return false;
        if (depth == MaxDepth) throw new InvalidOperationException($"log objects nest deeper than {MaxDepth} levels");
        redactStack[depth++] = redact;
        redact = node;
        AppendByte((byte)'{');
        first = true;
        return true;
    }

    public void EndObject()
    {
        AppendByte((byte)'}');
        redact = redactStack[--depth];
        first = false;
    }

    // ---- appending ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > buffer.Length) Grow(bytes.Length);
        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AppendByte(byte value)
    {
        if (length == buffer.Length) Grow(1);
        buffer[length++] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AppendInt64(long value)
    {
        if (length + 20 > buffer.Length) Grow(20);
        value.TryFormat(buffer.AsSpan(length), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        length += written;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AppendFormatted<T>(T value, ReadOnlySpan<char> format, bool escape) where T : IUtf8SpanFormattable?
    {
        var hint = 32;
        while (true)
        {
            if (length + hint > buffer.Length) Grow(hint);
            if (value!.TryFormat(buffer.AsSpan(length), out var written, format, System.Globalization.CultureInfo.InvariantCulture))
            {
                if (escape) EscapeInPlace(length, written);
                else length += written;
                return;
            }
            if (hint >= 1 << 20) throw new InvalidOperationException($"a {typeof(T).Name} value formats to more than 1 MiB");
            hint = Math.Max(hint * 4, buffer.Length - length + 1);
        }
    }

    private void AppendEnum<T>(T value) where T : struct, Enum
    {
        Span<char> chars = stackalloc char[128];
        if (Enum.TryFormat(value, chars, out var written))
        {
            AppendEscaped(chars[..written]);
            return;
        }
        AppendEscaped(value.ToString());
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AppendEscaped(ReadOnlySpan<char> text)
    {
        var max = text.Length * 3;
        if (length + max > buffer.Length) Grow(max);
        System.Text.Unicode.Utf8.FromUtf16(text, buffer.AsSpan(length), out _, out var written, replaceInvalidSequences: true);
        EscapeInPlace(length, written);
    }

    /// <summary>The <paramref name="count"/> bytes at <paramref name="start"/> were just written raw: escape them where they stand.</summary>
    private void EscapeInPlace(int start, int count)
    {
        var raw = buffer.AsSpan(start, count);
        if (Utf8JsonText.IndexOfEscape(raw) < 0)
        {
            length = start + count;
            return;
        }
        EscapeSlow(start, count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EscapeSlow(int start, int count)
    {
        var copy = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            buffer.AsSpan(start, count).CopyTo(copy);
            var raw = copy.AsSpan(0, count);
            var escaped = Utf8JsonText.EscapedLength(raw);
            length = start;
            if (length + escaped > buffer.Length) Grow(escaped);
            length += Utf8JsonText.Escape(raw, buffer.AsSpan(length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needed)
    {
        var size = Math.Max(buffer.Length * 2, length + needed);
        Array.Resize(ref buffer, size);
    }

    // ---- IBufferWriter, for Utf8JsonWriter ([JsonModel] fields) ----

    void IBufferWriter<byte>.Advance(int count) => length += count;

    Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint)
    {
        if (length + Math.Max(sizeHint, 256) > buffer.Length) Grow(Math.Max(sizeHint, 256));
        return buffer.AsMemory(length);
    }

    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint)
    {
        if (length + Math.Max(sizeHint, 256) > buffer.Length) Grow(Math.Max(sizeHint, 256));
        return buffer.AsSpan(length);
    }
}
