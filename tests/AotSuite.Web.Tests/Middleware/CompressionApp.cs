using System.Diagnostics;
using System.IO.Compression;
using System.Net.Sockets;
using System.Text;
using AotSuite.Web;

namespace AotSuite.Web.Tests.Middleware;

/// <summary>Holds a streamed answer between its two parts until the client has decoded the first.</summary>
public sealed class Gate
{
    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>An app behind the compression middleware, with one route per kind of answer the middleware must get right.</summary>
internal static class CompressionApp
{
    /// <summary>About 8 KB of text that compresses well.</summary>
    public static readonly string Text = string.Concat(Enumerable.Range(0, 200).Select(i => $"line {i}: the quick brown fox jumps over the lazy dog\n"));

    public static readonly byte[] Png = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))];

    public static WebApp Create(CompressionOptions? options = null, string? filePath = null, bool outboundHeaders = false)
    {
        var app = WebApp.Create(new WebAppOptions { Port = 0 });
        app.Services.Add(new Gate());
        if (outboundHeaders)
        {
            app.Use(RequestId.Create());
            app.Use(Cors.Create(MiddlewareApp.Cors));
        }
        app.Use(Compression.Create(options));

        app.MapGet("/text", () => Text);
        app.MapGet("/small", () => "short");
        app.MapGet("/json", (WebContext ctx) => ctx.WriteJson(200, writer =>
        {
            writer.WriteStartArray();
            for (var i = 0; i < 300; i++) writer.WriteStringValue($"item {i}");
            writer.WriteEndArray();
        }));
        app.MapGet("/png", (WebContext ctx) =>
        {
            ctx.Response.AddHeader("Content-Type"u8, "image/png"u8);
            ctx.Response.Write(Png);
        });
        app.MapGet("/no-transform", (WebContext ctx) =>
        {
            ctx.Response.AddHeader("Cache-Control"u8, "no-transform"u8);
            ctx.WriteText(Text);
        });
        app.MapGet("/coded", (WebContext ctx) =>
        {
            ctx.Response.AddHeader("Content-Encoding"u8, "gzip"u8);
            ctx.Response.AddHeader("Vary"u8, "Accept-Encoding"u8);
            ctx.Response.AddHeader("Content-Type"u8, "text/plain; charset=utf-8"u8);
            ctx.Response.Write(Gzip(Text));
        });
        app.MapGet("/empty", () => Results.NoContent());
        app.MapGet("/unchanged", (WebContext ctx) =>
        {
            ctx.Response.AddHeader("Content-Type"u8, "text/plain"u8);
            ctx.Response.AddHeader("ETag"u8, "\"v1\""u8);
            ctx.Status = 304;
        });
        app.MapGet("/stream", async Task (WebContext ctx, [FromServices] Gate gate) =>
        {
            ctx.Response.AddHeader("Content-Type"u8, "text/event-stream"u8);
            await ctx.Response.WriteAsync(Encoding.UTF8.GetBytes("data: first\n\n"));
            await gate.Released.Task.WaitAsync(TimeSpan.FromMinutes(2));
            await ctx.Response.WriteAsync(Encoding.UTF8.GetBytes("data: second\n\n"));
        });
        app.MapGet("/release", ([FromServices] Gate gate) =>
        {
            gate.Released.TrySetResult();
            return "released";
        });
        app.MapGet("/sized", async Task (WebContext ctx) =>
        {
            var bytes = Encoding.UTF8.GetBytes(Text);
            ctx.Response.AddHeader("Content-Type"u8, "text/plain"u8);
            await ctx.Response.StartAsync(bytes.Length);
            await ctx.Response.WriteAsync(bytes.AsMemory(0, 1000));
            await ctx.Response.WriteAsync(bytes.AsMemory(1000));
        });
        if (filePath is not null)
        {
            app.MapGet("/file", async Task (WebContext ctx) =>
            {
                using var file = File.OpenHandle(filePath, options: FileOptions.Asynchronous);
                ctx.Response.AddHeader("Content-Type"u8, "text/plain; charset=utf-8"u8);
                await ctx.Response.SendFileAsync(file, 0, RandomAccess.GetLength(file));
            });
        }
        app.Start();
        return app;
    }

    public static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    /// <summary>A request over a real socket; the body as bytes (de-chunked), the head as sent.</summary>
    public static async Task<RawReply> SendAsync(WebApp app, string method, string target, params string[] headers)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", app.Port);
        var stream = client.GetStream();
        var request = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n");
        foreach (var header in headers) request.Append(header).Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()));
        using var all = new MemoryStream();
        await stream.CopyToAsync(all);
        var bytes = all.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var reply = Reply.Parse(Encoding.ASCII.GetString(bytes, 0, end + 4));
        var body = bytes[(end + 4)..];
        if (reply.Headers.TryGetValue("Transfer-Encoding", out var te) && te == "chunked") body = Dechunk(body);
        return new RawReply(reply, body);
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        using var body = new MemoryStream();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.AsSpan(at).IndexOf("\r\n"u8) + at;
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, at, lineEnd - at), 16);
            at = lineEnd + 2;
            if (size == 0) return body.ToArray();
            body.Write(chunked, at, size);
            at += size + 2;
        }
    }

    /// <summary>Decodes <paramref name="body"/> with node's zlib (an independent decoder): br, gzip or identity.</summary>
    public static async Task<string> NodeDecodeAsync(byte[] body, string? coding)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-e");
        info.ArgumentList.Add("""
            const z = require('zlib'); const parts = [];
            process.stdin.on('data', d => parts.push(d)).on('end', () => {
              const b = Buffer.concat(parts), c = process.env.CODING;
              process.stdout.write(c === 'br' ? z.brotliDecompressSync(b) : c === 'gzip' ? z.gunzipSync(b) : b);
            });
            """);
        info.Environment["CODING"] = coding ?? "";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(body);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"node could not decode the {coding} body: {await error}");
        return await output;
    }

    /// <summary>Runs a node script with the app's URL in <c>URL</c>; its standard output.</summary>
    public static async Task<string> NodeAsync(WebApp app, string script)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-e");
        info.ArgumentList.Add(script);
        info.Environment["URL"] = app.Url;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0) throw new InvalidOperationException($"node failed: {await error}");
        return await output;
    }
}

internal sealed record RawReply(Reply Head, byte[] Body)
{
    public int Status => Head.Status;

    public IReadOnlyDictionary<string, string> Headers => Head.Headers;

    public string? Coding => Headers.TryGetValue("Content-Encoding", out var coding) ? coding : null;
}
