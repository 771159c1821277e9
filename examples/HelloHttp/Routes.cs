using System.Buffers;
using System.Text.Json;
using AotSuite.Http.Connection;
using AotSuite.Json;

namespace AotSuite.Examples.HelloHttp;

/// <summary>The endpoints the benchmarks and tests use (the TechEmpower plaintext and JSON shapes), plus a streamed echo and a chunked stream.</summary>
internal static class Routes
{
    private static readonly byte[][] Lines = [.. Enumerable.Range(1, 5).Select(static i => System.Text.Encoding.ASCII.GetBytes($"chunk {i}\n"))];
    private static readonly byte[] InstanceLabel =
        System.Text.Encoding.UTF8.GetBytes($"{Environment.GetEnvironmentVariable("INSTANCE_ID") ?? "-"} {Environment.ProcessId}");

    [ThreadStatic] private static ArrayBufferWriter<byte>? jsonBuffer;
    [ThreadStatic] private static Utf8JsonWriter? jsonWriter;

    public static ValueTask Handle(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Path;
        if (path.SequenceEqual("/plaintext"u8))
        {
            response.AddHeader("Content-Type"u8, "text/plain"u8);
            response.Write("Hello, World!"u8);
        }
        else if (path.SequenceEqual("/json"u8))
        {
            response.AddHeader("Content-Type"u8, "application/json"u8);
            response.Write(Json(Greeting.HelloWorld));
        }
        else if (path.SequenceEqual("/echo"u8))
        {
            return EchoAsync(context);
        }
        else if (path.SequenceEqual("/stream"u8))
        {
            return StreamAsync(response);
        }
        else if (path.SequenceEqual("/instance"u8))
        {
            // Which copy answered, under minipm2's cluster mode: "INSTANCE_ID pid".
            response.AddHeader("Content-Type"u8, "text/plain"u8);
            response.Write(InstanceLabel);
        }
        else
        {
            response.StatusCode = 404;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The body goes back as it arrives (the server streams request bodies here): each piece read from the connection is
    /// written straight into the response, framed by the request's length (or chunked when the request was), and
    /// leaves before the next piece is awaited. The first read comes before the head so that a client waiting on
    /// <c>Expect: 100-continue</c> gets its 100, not a final status.
    /// </summary>
    private static async ValueTask EchoAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var piece = await request.BodyReader.ReadAsync();
        response.AddHeader("Content-Type"u8, "application/octet-stream"u8);
        await response.StartAsync(request.ContentLength ?? -1);
        while (!piece.IsEmpty)
        {
            response.Write(piece.Span);
            piece = await request.BodyReader.ReadAsync();
        }
    }

    /// <summary>A chunked body of unknown length: each line is written and flushed as it is made (backpressure applies).</summary>
    private static async ValueTask StreamAsync(HttpResponse response)
    {
        response.AddHeader("Content-Type"u8, "text/plain; charset=utf-8"u8);
        for (var i = 1; i <= 5; i++) await response.WriteAsync(Lines[i - 1]);
    }

    /// <summary>Serialized by the generated writer into a per-thread buffer: no allocation per request.</summary>
    private static ReadOnlySpan<byte> Json(Greeting message)
    {
        var buffer = jsonBuffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = jsonWriter ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(buffer);
        Greeting.WriteJson(writer, message);
        writer.Flush();
        return buffer.WrittenSpan;
    }
}

[JsonModel]
internal sealed partial record Greeting(string Message)
{
    public static readonly Greeting HelloWorld = new("Hello, World!");
}
