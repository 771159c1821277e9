using System.Text.Json;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// The NuGet path, as a new user meets it: a fresh `dotnet new console` project that references the packed AotSuite.Web
/// and AotSuite.Logging from a local folder feed gets the generators (routes, JSON, [Log] methods) and the interceptor
/// setting from the packages alone, publishes NativeAOT without warnings, answers over HTTP and logs pino lines; a
/// mistake the generator catches fails that user's build with its AOT id.
/// </summary>
[NotInParallel]
public class PackageConsumerTests
{
    private static readonly string[] Libraries = ["AotSuite.Http", "AotSuite.Json", "AotSuite.Logging", "AotSuite.Web"];

    [Test]
    public async Task A_console_app_on_the_web_and_logging_packages_publishes_native_answers_http_and_logs_pino_lines()
    {
        using var temp = new TempDirectory();
        // The program is the one docs/getting-started-packages.md shows, so that page is run as written.
        var app = await NewConsumerAsync(temp, await GettingStartedProgramAsync());

        var publish = await Dotnet.RunAsync(app, "publish", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", Path.Combine(app, "out"));
        await Assert.That(publish.ExitCode).IsEqualTo(0).Because(publish.ToString());
        await Assert.That(publish.Stdout).DoesNotContain("warning");

        var info = ToolRun.StartInfo(Path.Combine(app, "out", "Consumer"), ["--port", "0"], temp.Path);
        using var server = ToolRun.Start(info);
        try
        {
            var banner = await ReadLineAsync(server.StandardOutput, static line => line.StartsWith("listening on ", StringComparison.Ordinal));
            await Assert.That(banner).StartsWith("listening on http://127.0.0.1:");
            using var client = new System.Net.Http.HttpClient();
            var answer = await client.GetStringAsync(banner!["listening on ".Length..] + "/hello/ada?times=2");
            await Assert.That(answer).IsEqualTo("""{"message":"Hello, ada! Hello, ada!"}""");

            // The [Log] call's line reaches stdout from the asynchronous sink: pino's shape, the message and both fields.
            var logged = await ReadLineAsync(server.StandardOutput, static line => line.Contains("\"msg\":\"Greeted ada 2 times\"", StringComparison.Ordinal));
            await Assert.That(logged).IsNotNull().Because("no log line for the greeting on stdout");
            using var line = JsonDocument.Parse(logged!);
            var json = line.RootElement;
            await Assert.That(json.GetProperty("level").GetInt32()).IsEqualTo(30);
            await Assert.That(json.GetProperty("time").GetInt64()).IsGreaterThan(1_700_000_000_000L);
            await Assert.That(json.GetProperty("pid").GetInt32()).IsEqualTo(server.Id);
            await Assert.That(json.TryGetProperty("hostname", out _)).IsTrue();
            await Assert.That(json.GetProperty("name").GetString()).IsEqualTo("ada");
            await Assert.That(json.GetProperty("times").GetInt32()).IsEqualTo(2);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    [Test]
    public async Task A_duplicate_route_fails_the_consumer_build_with_AOT1001()
    {
        using var temp = new TempDirectory();
        var app = await NewConsumerAsync(temp, """
            using AotSuite.Web;

            var app = WebApp.Create(args);
            app.MapGet("/users/{id:int}", (int id) => "first");
            app.MapGet("/users/{key:int}", (int key) => "second");
            await app.RunAsync();
            """);

        var build = await Dotnet.RunAsync(app, "build");
        await Assert.That(build.ExitCode).IsNotEqualTo(0);
        await Assert.That(build.Stdout).Contains("error AOT1001: route 'GET /users/{key:int}' is already mapped at Program.cs(4,1)");
    }

    private static async Task<string> GettingStartedProgramAsync()
    {
        var page = await File.ReadAllTextAsync(Path.Combine(ToolBinary.RepoRoot, "docs", "getting-started-packages.md"));
        const string open = "```csharp\n";
        var start = page.IndexOf(open, StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException("docs/getting-started-packages.md has no csharp block");
        start += open.Length;
        return page[start..page.IndexOf("```", start, StringComparison.Ordinal)];
    }

    /// <summary>The first stdout line that <paramref name="match"/> accepts, or null when the output ends or 60 s pass.</summary>
    private static async Task<string?> ReadLineAsync(StreamReader output, Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await output.ReadLineAsync(timeout.Token) is { } line)
            {
                if (match(line)) return line;
            }
        }
        catch (OperationCanceledException)
        {
            // Timed out: the caller's assertion says what was missing.
        }
        return null;
    }

    /// <summary>Packs the libraries into a feed in <paramref name="temp"/> and makes a console app that references AotSuite.Web and AotSuite.Logging from it.</summary>
    private static async Task<string> NewConsumerAsync(TempDirectory temp, string program)
    {
        var feed = temp.Combine("feed");
        await LocalFeed.PackAsync(feed, Libraries);

        var app = temp.Combine("Consumer");
        var created = await Dotnet.RunAsync(temp.Path, "new", "console", "-o", app, "-n", "Consumer");
        if (created.ExitCode != 0) throw new InvalidOperationException(created.ToString());
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="aotsuite-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        foreach (var package in new[] { "AotSuite.Web", "AotSuite.Logging" })
        {
            var added = await Dotnet.RunAsync(app, "add", "package", package, "--version", LocalFeed.Version);
            if (added.ExitCode != 0) throw new InvalidOperationException(added.ToString());
        }
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), program);
        return app;
    }
}
