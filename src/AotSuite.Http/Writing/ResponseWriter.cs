using System.Buffers;
using System.Buffers.Text;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Writing;

/// <summary>Writes a status line, header fields and body as bytes into the connection's PipeWriter.</summary>
internal static class ResponseWriter
{
    public static void Write(IBufferWriter<byte> output, int status, ReadOnlySpan<byte> headers, ReadOnlySpan<byte> body, bool keepAlive, bool headRequest)
    {
        Append(output, "HTTP/1.1 "u8);
        AppendNumber(output, status);
        Append(output, " "u8);
        Append(output, ReasonPhrases.For(status));
        Append(output, "\r\nDate: "u8);
        Append(output, DateHeader.Current);
        Append(output, "\r\nContent-Length: "u8);
        AppendNumber(output, body.Length);
        Append(output, keepAlive ? "\r\n"u8 : "\r\nConnection: close\r\n"u8);
        Append(output, headers);
        Append(output, "\r\n"u8);
        if (!headRequest) Append(output, body);
    }

    public static void Write(IBufferWriter<byte> output, HttpResponse response, bool keepAlive, bool headRequest) =>
        Write(output, response.StatusCode, response.HeaderBytes, response.Body, keepAlive, headRequest);

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
