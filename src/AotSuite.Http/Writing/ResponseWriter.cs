using System.Buffers;
using System.Buffers.Text;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Writing;

/// <summary>Writes a status line, header fields and body as bytes into the connection's PipeWriter.</summary>
internal static class ResponseWriter
{
    private static readonly StandardFormat Hex = new('X');

    public static void Write(IBufferWriter<byte> output, int status, ReadOnlySpan<byte> headers, ReadOnlySpan<byte> body, bool keepAlive, bool headRequest)
    {
        WriteStatusAndDate(output, status);
        if (HasNoBody(status))
        {
            headRequest = true;
        }
        else
        {
            Append(output, "\r\nContent-Length: "u8);
            AppendNumber(output, body.Length);
        }
        Append(output, keepAlive ? "\r\n"u8 : "\r\nConnection: close\r\n"u8);
        Append(output, headers);
        Append(output, "\r\n"u8);
        if (!headRequest) Append(output, body);
    }

    public static void Write(IBufferWriter<byte> output, HttpResponse response, bool keepAlive, bool headRequest) =>
        Write(output, response.StatusCode, response.HeaderBytes, response.Body, keepAlive, headRequest);

    /// <summary>
    /// The head of a streamed response: <c>Content-Length</c> when <paramref name="contentLength"/> is known (≥ 0),
    /// <c>Transfer-Encoding: chunked</c> when <paramref name="chunked"/>, neither for a close-delimited body or a status
    /// that has none.
    /// </summary>
    public static void WriteHead(IBufferWriter<byte> output, int status, ReadOnlySpan<byte> headers, long contentLength, bool chunked, bool keepAlive)
    {
        WriteStatusAndDate(output, status);
        if (contentLength >= 0)
        {
            Append(output, "\r\nContent-Length: "u8);
            AppendNumber(output, contentLength);
        }
        else if (chunked)
        {
            Append(output, "\r\nTransfer-Encoding: chunked"u8);
        }
        Append(output, keepAlive ? "\r\n"u8 : "\r\nConnection: close\r\n"u8);
        Append(output, headers);
        Append(output, "\r\n"u8);
    }

    /// <summary>One chunk (RFC 9112 §7.1): size in hex, CRLF, data, CRLF. An empty span would end the body, so it writes nothing.</summary>
    public static void WriteChunk(IBufferWriter<byte> output, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        WriteChunkHeader(output, data.Length);
        output.Write(data);
        Append(output, "\r\n"u8);
    }

    public static void WriteChunkHeader(IBufferWriter<byte> output, long size)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(size, span, out var written, Hex);
        "\r\n"u8.CopyTo(span[written..]);
        output.Advance(written + 2);
    }

    public static void WriteChunkEnd(IBufferWriter<byte> output) => Append(output, "\r\n"u8);

    /// <summary>The last chunk and an empty trailer section.</summary>
    public static void WriteLastChunk(IBufferWriter<byte> output) => Append(output, "0\r\n\r\n"u8);

    /// <summary>RFC 9110 §6.4.1: 1xx, 204 and 304 responses end at their head; 204/304 carry no Content-Length here.</summary>
    public static bool HasNoBody(int status) => status is 204 or 304 or (>= 100 and < 200);

    private static void WriteStatusAndDate(IBufferWriter<byte> output, int status)
    {
        Append(output, "HTTP/1.1 "u8);
        AppendNumber(output, status);
        Append(output, " "u8);
        Append(output, ReasonPhrases.For(status));
        Append(output, "\r\nDate: "u8);
        Append(output, DateHeader.Current);
    }

    private static void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        var span = output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        output.Advance(bytes.Length);
    }

    private static void AppendNumber(IBufferWriter<byte> output, long number)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(number, span, out var written);
        output.Advance(written);
    }
}
