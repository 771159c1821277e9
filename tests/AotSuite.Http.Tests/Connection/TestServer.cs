using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Tests.Connection;

/// <summary>A server on 127.0.0.1 with a small handler, and a raw-socket client that sends exact bytes.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly HttpServer server;

    public TestServer(HttpServerOptions? options = null) => server = HttpServer.Start(TestTransport.Apply(options ?? new HttpServerOptions()), Handle);

    public int Port => server.Port;

    public HttpServer Server => server;

    /// <summary>Requests to <c>/slow</c> wait for this before they answer.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed when a <c>/slow</c> request has reached the handler.</summary>
    public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async ValueTask Handle(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (request.Path.SequenceEqual("/boom"u8)) throw new InvalidOperationException("handler failed");
        if (request.Path.SequenceEqual("/slow"u8))
        {
            SlowStarted.TrySetResult();
            await Gate.Task;
        }
        response.AddHeader("Content-Type"u8, "text/plain"u8);
        if (request.Path.SequenceEqual("/echo"u8))
        {
            // At once when the server read the body before calling us; the read itself when it streams bodies.
            await request.ReadBodyAsync();
            response.Write(request.Body);
        }
        else
        {
            response.Write("hello "u8);
            response.Write(request.Target);
        }
    }

    /// <summary>Sends <paramref name="request"/> and reads until the server closes the connection.</summary>
    public async Task<string> SendAsync(string request)
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Encoding.Latin1.GetBytes(request));
        return await ReadToEndAsync(socket);
    }

    public async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", Port);
        return socket;
    }

    public static async Task<string> ReadToEndAsync(Socket socket, TimeSpan? limit = null)
    {
        using var cancel = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            if (n == 0) return Encoding.Latin1.GetString(received.ToArray());
            received.Write(buffer, 0, n);
        }
    }

    /// <summary>
    /// Sends a body byte every <paramref name="every"/> until the server answers (or closes); returns the answer. The
    /// trickle is the input under test, not a wait for the server: the answer is awaited, with a generous limit.
    /// </summary>
    public async Task<string> ReadAnswerWhileTricklingAsync(Socket socket, TimeSpan every)
    {
        var answer = ReadToEndAsync(socket, TimeSpan.FromSeconds(30));
        try
        {
            while (!answer.IsCompleted)
            {
                await socket.SendAsync("x"u8.ToArray());
                await Task.WhenAny(answer, Task.Delay(every));
            }
        }
        catch (SocketException)
        {
            // The server closed while a byte was on its way.
        }
        return await answer;
    }

    /// <summary>Reads until <paramref name="text"/> has arrived (for tests that keep the connection open).</summary>
    public static async Task<string> ReadUntilAsync(Socket socket, string text)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains(text, StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            if (n == 0) break;
            received.Append(Encoding.Latin1.GetString(buffer, 0, n));
        }
        return received.ToString();
    }

    public Task<(int ExitCode, string Output)> CurlAsync(params string[] arguments) => CurlAsync(Port, arguments);

    /// <summary>Runs curl with <paramref name="arguments"/>, <c>{port}</c> replaced by <paramref name="port"/>; returns its exit code and stdout.</summary>
    public static async Task<(int ExitCode, string Output)> CurlAsync(int port, params string[] arguments)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument.Replace("{port}", port.ToString(), StringComparison.Ordinal));
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
