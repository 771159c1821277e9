using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AotSuite.AotSmokeTests;

/// <summary>The published examples/HelloHttp binary: serves its endpoints to curl and stops cleanly on SIGTERM.</summary>
[NotInParallel]
public class HelloHttpBinaryTests
{
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<string> CurlAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var curl = Process.Start(info)!;
        var output = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        return curl.ExitCode == 0 ? output : throw new InvalidOperationException($"curl {string.Join(' ', arguments)} exited {curl.ExitCode}");
    }

    [Test]
    public async Task Serves_plaintext_json_echo_and_a_chunked_stream_to_curl_and_exits_0_on_SIGTERM()
    {
        using var temp = new TempDirectory();
        var port = FreePort();
        var info = ToolRun.StartInfo(Path.Combine(ToolBinary.Artifacts, "bin", "HelloHttp", "HelloHttp"), ["--port", port.ToString()], temp.Path);
        using var server = Process.Start(info)!;
        try
        {
            var banner = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await Assert.That(banner).IsEqualTo($"HelloHttp listening on http://127.0.0.1:{port}");
            var url = $"http://127.0.0.1:{port}";
            await Assert.That(await CurlAsync("-sS", "--max-time", "5", $"{url}/plaintext")).IsEqualTo("Hello, World!");
            await Assert.That(await CurlAsync("-sS", "--max-time", "5", $"{url}/json")).IsEqualTo("""{"message":"Hello, World!"}""");
            await Assert.That(await CurlAsync("-sS", "--max-time", "5", "--data-binary", "round trip", $"{url}/echo")).IsEqualTo("round trip");
            await Assert.That(await CurlAsync("-sS", "--max-time", "5", $"{url}/stream")).IsEqualTo("chunk 1\nchunk 2\nchunk 3\nchunk 4\nchunk 5\n");
            await Assert.That(await CurlAsync("-sS", "--max-time", "5", "-o", "/dev/null", "-w", "%{http_code}", $"{url}/missing")).IsEqualTo("404");

            Terminate(server.Id);
            await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            await Assert.That(server.ExitCode).IsEqualTo(0);
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
        }
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task Keeps_accepting_after_running_out_of_descriptors_without_spinning(bool ioUring)
    {
        using var temp = new TempDirectory();
        var port = FreePort();
        var binary = Path.Combine(ToolBinary.Artifacts, "bin", "HelloHttp", "HelloHttp");
        // A limit the server reaches with a few dozen connections open: accept then fails (EMFILE), the rest stay queued.
        string[] arguments = ["-c", "ulimit -n 64 && exec \"$0\" \"$@\"", binary, "--port", port.ToString(), .. ioUring ? ["--io-uring"] : Array.Empty<string>()];
        using var server = Process.Start(ToolRun.StartInfo("bash", arguments, temp.Path))!;
        var clients = new List<Socket>();
        try
        {
            var banner = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await Assert.That(banner).StartsWith($"HelloHttp listening on http://127.0.0.1:{port}");
            for (var i = 0; i < 100; i++)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                clients.Add(client);
                await client.ConnectAsync(IPAddress.Loopback, port);
            }
            await Assert.That(await Eventually(() => Directory.GetFiles($"/proc/{server.Id}/fd").Length >= 60)).IsTrue();
            // Out of descriptors with connections still queued: the accept keeps failing, and must not do so in a busy loop.
            var cpuBefore = CpuTime(server.Id);
            await Task.Delay(2000);
            await Assert.That(CpuTime(server.Id) - cpuBefore).IsLessThan(TimeSpan.FromMilliseconds(200));

            foreach (var client in clients) client.Dispose();
            clients.Clear();
            var url = $"http://127.0.0.1:{port}";
            await Assert.That(await CurlAsync("-sS", "--max-time", "10", $"{url}/plaintext")).IsEqualTo("Hello, World!");

            Terminate(server.Id);
            await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await Assert.That(server.ExitCode).IsEqualTo(0);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
            if (!server.HasExited) server.Kill(entireProcessTree: true);
        }
    }

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) return false;
            await Task.Delay(50);
        }
        return true;
    }

    // utime + stime (fields 14 and 15 of /proc/PID/stat, after the command name), in USER_HZ ticks of 10 ms.
    private static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromMilliseconds(10 * (long.Parse(fields[11]) + long.Parse(fields[12])));
    }

    private static void Terminate(int pid)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString()]);
        kill.WaitForExit();
    }
}
