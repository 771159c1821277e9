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

    private static void Terminate(int pid)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString()]);
        kill.WaitForExit();
    }
}
