using System.Text;
using AotSuite.Streams.Records;

namespace AotSuite.Streams.Operators;

/// <summary>A string key from some columns of a record (unit separator between values, so "a,b" differs from "ab").</summary>
internal static class RecordKey
{
    public static string Of(Record record, int[]? columns, StringBuilder scratch)
    {
        scratch.Clear();
        var count = columns?.Length ?? record.Count;
        Span<char> chars = stackalloc char[256];
        for (var k = 0; k < count; k++)
        {
            var i = columns?[k] ?? k;
            var value = i < record.Count ? record[i] : default;
            if (value.Length <= chars.Length)
            {
                scratch.Append(chars[..Encoding.UTF8.GetChars(value, chars)]);
            }
            else
            {
                scratch.Append(Encoding.UTF8.GetString(value));
            }
            scratch.Append('\u001f');
        }
        return scratch.ToString();
    }
}
