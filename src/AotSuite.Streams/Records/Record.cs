using System.Buffers;
using System.Text;

namespace AotSuite.Streams.Records;

/// <summary>
/// One row as UTF-8 values in one reusable buffer: operators fill and read it in place, so a pipeline reuses the same
/// few records for every row instead of allocating one per row. <see cref="File"/>, <see cref="Line"/> and
/// <see cref="Row"/> say where it came from, for errors.
/// </summary>
public sealed class Record
{
    private byte[] data = new byte[256];
    private int used;
    private Slot[] slots = new Slot[16];

    public int Count { get; private set; }

    public string File { get; set; } = "";

    public long Line { get; set; }

    public long Row { get; set; }

    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            var slot = slots[index];
            return new ReadOnlySpan<byte>(data, slot.Start, slot.Length);
        }
    }

    public ValueKind KindOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return slots[index].Kind;
    }

    public string GetString(int index) => Encoding.UTF8.GetString(this[index]);

    public void Clear()
    {
        used = 0;
        Count = 0;
    }

    public void Add(ReadOnlySpan<byte> value, ValueKind kind = ValueKind.Text)
    {
        if (Count == slots.Length) Array.Resize(ref slots, Count * 2);
        if (data.Length - used < value.Length) Array.Resize(ref data, Math.Max(data.Length * 2, used + value.Length));
        value.CopyTo(data.AsSpan(used));
        slots[Count++] = new Slot(used, value.Length, kind);
        used += value.Length;
    }

    public void Add(string value, ValueKind kind = ValueKind.Text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (data.Length - used < max) Array.Resize(ref data, Math.Max(data.Length * 2, used + max));
        var length = Encoding.UTF8.GetBytes(value, data.AsSpan(used));
        if (Count == slots.Length) Array.Resize(ref slots, Count * 2);
        slots[Count++] = new Slot(used, length, kind);
        used += length;
    }

    /// <summary>Appends a formatted value (a number, a date) with invariant culture.</summary>
    public void AddFormatted<T>(T value, ValueKind kind) where T : IUtf8SpanFormattable
    {
        int written;
        while (!value.TryFormat(data.AsSpan(used), out written, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            Array.Resize(ref data, data.Length * 2);
        }
        if (Count == slots.Length) Array.Resize(ref slots, Count * 2);
        slots[Count++] = new Slot(used, written, kind);
        used += written;
    }

    /// <summary>Makes this record a copy of <paramref name="other"/>, position included.</summary>
    public void CopyFrom(Record other)
    {
        Clear();
        for (var i = 0; i < other.Count; i++) Add(other[i], other.KindOf(i));
        CopyPosition(other);
    }

    public void CopyPosition(Record other)
    {
        File = other.File;
        Line = other.Line;
        Row = other.Row;
    }

    /// <summary>A location prefix for errors: <c>file:line</c>.</summary>
    public string Where => $"{File}:{Line}";

    /// <summary>Bytes held (values plus bookkeeping), for memory budgets.</summary>
    public int Size => used + Count * 12 + 64;

    /// <summary>Writes the values in a compact binary form (for spill files).</summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write7BitEncodedInt(Count);
        writer.Write7BitEncodedInt64(Line);
        writer.Write7BitEncodedInt64(Row);
        for (var i = 0; i < Count; i++)
        {
            writer.Write((byte)slots[i].Kind);
            writer.Write7BitEncodedInt(slots[i].Length);
            writer.Write(this[i]);
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote; false at the end of the stream.</summary>
    public bool ReadFrom(BinaryReader reader, string file)
    {
        if (reader.BaseStream.Position >= reader.BaseStream.Length) return false;
        Clear();
        var count = reader.Read7BitEncodedInt();
        Line = reader.Read7BitEncodedInt64();
        Row = reader.Read7BitEncodedInt64();
        File = file;
        for (var i = 0; i < count; i++)
        {
            var kind = (ValueKind)reader.ReadByte();
            var length = reader.Read7BitEncodedInt();
            if (data.Length - used < length) Array.Resize(ref data, Math.Max(data.Length * 2, used + length));
            reader.BaseStream.ReadExactly(data, used, length);
            if (Count == slots.Length) Array.Resize(ref slots, Count * 2);
            slots[Count++] = new Slot(used, length, kind);
            used += length;
        }
        return true;
    }

    private readonly record struct Slot(int Start, int Length, ValueKind Kind);
}
