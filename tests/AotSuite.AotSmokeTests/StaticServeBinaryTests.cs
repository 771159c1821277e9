using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AotSuite.AotSmokeTests;

/// <summary>The published <c>static-serve</c> binary: serves a folder to curl with its options, refuses what it must, exit codes.</summary>
[NotInParallel]
public class StaticServeBinaryTests
{
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<(int Code, string Body)> CurlAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var curl = Process.Start(info)!;
        var output = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        return (curl.ExitCode, output);
    }

    /// <summary>Starts the binary on a free port over <paramref name="folder"/>; returns it and its base URL once it listens.</summary>
    private static async Task<(Process Server, string Url)> StartAsync(TempDirectory home, string folder, params string[] options)
    {
        var port = FreePort();
        var info = ToolRun.StartInfo(ToolBinary.PathOf("static-serve"), [folder, "--port", port.ToString(), .. options], home.Path);
        var server = ToolRun.Start(info);
        var banner = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.That(banner).IsEqualTo($"static-serve: serving {Path.GetFullPath(folder)} on http://127.0.0.1:{port}");
        return (server, $"http://127.0.0.1:{port}");
    }

    private static async Task StopAsync(Process server)
    {
        using (var kill = Process.Start("kill", ["-TERM", server.Id.ToString()])) await kill.WaitForExitAsync();
        await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
    }

    private static string Site(TempDirectory home)
    {
        var site = home.Combine("site");
        Directory.CreateDirectory(Path.Combine(site, "docs"));
        File.WriteAllText(Path.Combine(site, "index.html"), "<h1>home</h1>");
        File.WriteAllText(Path.Combine(site, "docs", "a.txt"), "alpha");
        File.WriteAllText(Path.Combine(site, ".env"), "SECRET=1");
        File.WriteAllText(home.Combine("secret.txt"), "TOP SECRET");
        File.CreateSymbolicLink(Path.Combine(site, "escape.txt"), "../secret.txt");
        var large = new byte[2 * 1024 * 1024];
        new Random(7).NextBytes(large);
        File.WriteAllBytes(Path.Combine(site, "large.bin"), large);
        return site;
    }

    [Test]
    public async Task Serves_files_ranges_and_304s_refuses_traversal_and_exits_0_on_SIGTERM()
    {
        using var home = new TempDirectory();
        var site = Site(home);
        var (server, url) = await StartAsync(home, site);
        try
        {
            await Assert.That((await CurlAsync("-sS", "--max-time", "5", $"{url}/")).Body).IsEqualTo("<h1>home</h1>");
            await Assert.That((await CurlAsync("-sS", "--max-time", "5", $"{url}/docs/a.txt")).Body).IsEqualTo("alpha");
            await Assert.That((await CurlAsync("-sS", "--max-time", "5", "-r", "1-3", $"{url}/docs/a.txt")).Body).IsEqualTo("lph");
            await Assert.That((await CurlAsync("-s", "-o", "/dev/null", "-w", "%{http_code}", $"{url}/.env")).Body).IsEqualTo("404");
            await Assert.That((await CurlAsync("-s", "-o", "/dev/null", "-w", "%{http_code}", $"{url}/escape.txt")).Body).IsEqualTo("404");
            await Assert.That((await CurlAsync("-s", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}", $"{url}/../secret.txt")).Body).IsEqualTo("400");
            await Assert.That((await CurlAsync("-s", "-o", "/dev/null", "-w", "%{http_code}", $"{url}/%2e%2e/secret.txt")).Body).IsEqualTo("400");
            var head = (await CurlAsync("-sS", "-D", "-", "-o", "/dev/null", $"{url}/docs/a.txt")).Body;
            var etag = head.Split("\r\n").Single(static line => line.StartsWith("ETag: ", StringComparison.OrdinalIgnoreCase))[6..];
            await Assert.That((await CurlAsync("-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", $"If-None-Match: {etag}", $"{url}/docs/a.txt")).Body).IsEqualTo("304");

            var download = home.Combine("download.bin");
            await Assert.That((await CurlAsync("-sS", "--max-time", "10", "-o", download, $"{url}/large.bin")).Code).IsEqualTo(0);
            var sent = await File.ReadAllBytesAsync(Path.Combine(site, "large.bin"));
            var received = await File.ReadAllBytesAsync(download);
            await Assert.That(received.AsSpan().SequenceEqual(sent)).IsTrue();

            await StopAsync(server);
            await Assert.That(server.ExitCode).IsEqualTo(0);
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            server.Dispose();
        }
    }

    [Test]
    public async Task Honours_spa_listing_cors_and_dotfiles_options()
    {
        using var home = new TempDirectory();
        var site = Site(home);
        var (server, url) = await StartAsync(home, site, "--spa", "--listing", "--cors", "--dotfiles");
        try
        {
            await Assert.That((await CurlAsync("-sS", "--max-time", "5", $"{url}/users/42")).Body).IsEqualTo("<h1>home</h1>");
            await Assert.That((await CurlAsync("-sS", "--max-time", "5", $"{url}/docs/")).Body).Contains("href=\"./a.txt\"");
            await Assert.That((await CurlAsync("-sS", "--max-time", "5", $"{url}/.env")).Body).IsEqualTo("SECRET=1");
            var headers = (await CurlAsync("-sS", "-D", "-", "-o", "/dev/null", $"{url}/docs/a.txt")).Body;
            await Assert.That(headers).Contains("Access-Control-Allow-Origin: *");
            await StopAsync(server);
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            server.Dispose();
        }
    }

    [Test]
    public async Task Exits_2_with_a_clear_error_for_a_missing_folder()
    {
        using var home = new TempDirectory();
        var result = await ToolRun.RunAsync(ToolBinary.PathOf("static-serve"), ["no-such-dir"], home.Path);
        await Assert.That(result.ExitCode).IsEqualTo(2);
        await Assert.That(result.Stderr).StartsWith("static-serve: error: no directory 'no-such-dir' to serve");
        await Assert.That(result.Stdout).IsEmpty();
    }

    [Test]
    [Arguments("--port", "70000")]
    [Arguments("--host", "not-an-address")]
    [Arguments("--dotfiles", "--no-dotfiles")]
    [Arguments("--bogus", "x")]
    [DisplayName("Exits 2 for the usage mistake $a $b")]
    public async Task Exits_2_for_usage_mistakes(string a, string b)
    {
        using var home = new TempDirectory();
        var result = await ToolRun.RunAsync(ToolBinary.PathOf("static-serve"), [home.Path, a, b], home.Path);
        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.Stderr).StartsWith("static-serve: error: ");
    }

    [Test]
    public async Task Exits_1_when_the_port_is_taken()
    {
        using var home = new TempDirectory();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var result = await ToolRun.RunAsync(ToolBinary.PathOf("static-serve"), [home.Path, "--port", port.ToString()], home.Path);
        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.Stderr).Contains($"port {port} on 127.0.0.1 is already in use");
    }

    [Test]
    public async Task Prints_usage_with_every_option()
    {
        using var home = new TempDirectory();
        var result = await ToolRun.RunAsync(ToolBinary.PathOf("static-serve"), ["--help"], home.Path);
        await Assert.That(result.ExitCode).IsEqualTo(0);
        foreach (var option in new[] { "--port", "--host", "--spa", "--cors", "--no-dotfiles", "--dotfiles", "--listing", "--max-age", "--no-sendfile" })
        {
            await Assert.That(result.Stdout).Contains(option);
        }
    }
}
