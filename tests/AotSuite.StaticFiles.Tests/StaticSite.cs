using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using AotSuite.Http.Connection;

namespace AotSuite.StaticFiles.Tests;

/// <summary>
/// A temp folder laid out as a small site (plus a secret beside it, outside the root), served on 127.0.0.1 by a
/// <see cref="StaticFileServer"/>; raw-socket and curl clients.
/// </summary>
internal sealed class StaticSite : IAsyncDisposable
{
    public static readonly byte[] Large = MakeLarge();

    private readonly HttpServer server;

    public StaticSite(Func<StaticFileOptions, StaticFileOptions>? configure = null, Func<StaticFileServer, HttpHandler>? handler = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), $"aotsuite-static-{Guid.NewGuid():N}");
        Root = Path.Combine(Directory, "site");
        System.IO.Directory.CreateDirectory(Root);
        Write("../secret.txt", "TOP SECRET");
        Write("../.outside-dot", "outside");
        Write("index.html", "<h1>home</h1>");
        Write("hello.txt", "hello, static world");
        Write("docs/index.html", "<h1>docs</h1>");
        Write("docs/guide.txt", "guide");
        Write("empty/keep.txt", "x");
        File.Delete(Path.Combine(Root, "empty/keep.txt"));
        Write(".env", "SECRET=1");
        Write(".git/config", "[core]");
        Write("sub/.hidden", "hidden");
        Write("app.3f9a2b1c.js", "console.log('fingerprinted');");
        Write("pre.js", new string('a', 2000));
        Write("pre.js.br", "BROTLI-BYTES");
        Write("pre.js.gz", "GZIP-BYTES");
        Write("style.css", string.Concat(Enumerable.Repeat("body { color: red; margin: 0 auto; }\n", 300)));
        Write("tiny.css", "a{}");
        Write("list/<img src=x onerror=alert(1)>.txt", "x");
        Write("list/a&b \"q\".txt", "x");
        Write("list/.dot", "x");
        System.IO.Directory.CreateDirectory(Path.Combine(Root, "list/folder"));
        File.WriteAllBytes(Path.Combine(Root, "large.bin"), Large);
        File.CreateSymbolicLink(Path.Combine(Root, "escape.txt"), "../secret.txt");
        File.CreateSymbolicLink(Path.Combine(Root, "escape-abs.txt"), Path.Combine(Directory, "secret.txt"));
        System.IO.Directory.CreateSymbolicLink(Path.Combine(Root, "outside"), Directory);
        File.CreateSymbolicLink(Path.Combine(Root, "alias.txt"), "hello.txt");
        File.CreateSymbolicLink(Path.Combine(Root, "plain-name"), ".env");
        File.CreateSymbolicLink(Path.Combine(Root, "list/escape-link"), "../../secret.txt");
        System.IO.Directory.CreateSymbolicLink(Path.Combine(Root, "docs-link"), "docs");

        var options = new StaticFileOptions { Root = Root };
        Options = configure?.Invoke(options) ?? options;
        Files = new StaticFileServer(Options);
        server = HttpServer.Start(new HttpServerOptions(), handler?.Invoke(Files) ?? Files.Handler);
    }

    /// <summary>The temp folder holding <see cref="Root"/> and the secret outside it.</summary>
    public string Directory { get; }

    public string Root { get; }

    public StaticFileOptions Options { get; }

    public StaticFileServer Files { get; }

    public int Port => server.Port;

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static byte[] MakeLarge()
    {
        var bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(6).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Sends exactly <paramref name="request"/> (no normalization, unlike a browser or curl) and reads until close.</summary>
    public async Task<Response> SendAsync(string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", Port);
        await socket.SendAsync(Encoding.Latin1.GetBytes(request));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            if (n == 0) break;
            received.Write(buffer, 0, n);
        }
        return Response.Parse(received.ToArray());
    }

    /// <summary>A GET (or <paramref name="method"/>) with <c>Connection: close</c> and extra header lines.</summary>
    public Task<Response> GetAsync(string target, string headers = "", string method = "GET") =>
        SendAsync($"{method} {target} HTTP/1.1\r\nHost: x\r\n{headers}Connection: close\r\n\r\n");

    public static async Task<(int ExitCode, byte[] Output, string Error)> CurlAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = new MemoryStream();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.BaseStream.CopyToAsync(output);
        await process.WaitForExitAsync();
        return (process.ExitCode, output.ToArray(), await error);
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>One response: status, header fields (names lower-cased, first value kept) and body bytes.</summary>
internal sealed record Response(int Status, Dictionary<string, string> Headers, byte[] Body, string Head)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());

    public static Response Parse(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) throw new InvalidOperationException($"no complete head in {bytes.Length} bytes: {text}");
        var head = text[..end];
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.TryAdd(line[..colon].ToLowerInvariant(), line[(colon + 1)..].Trim());
        }
        return new Response(status, headers, bytes[(end + 4)..], head);
    }
}
