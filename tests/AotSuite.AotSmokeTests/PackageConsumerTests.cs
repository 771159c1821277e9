using System.Diagnostics;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// The NuGet path, as a new user meets it: a fresh `dotnet new console` project that references the packed AotSuite.Web
/// from a local folder feed gets both generators (routes and JSON) and the interceptor setting from the package alone,
/// publishes NativeAOT without warnings, and answers over HTTP; a mistake the generator catches fails that user's build
/// with its AOT id.
/// </summary>
[NotInParallel]
public class PackageConsumerTests
{
    // A version of its own per run: NuGet caches packages by id and version, and an older pack must never be the one tested.
    private static readonly string Version = $"0.1.0-consumer.{DateTime.UtcNow:yyyyMMddHHmmss}";
    private static readonly string[] Libraries = ["AotSuite.Http", "AotSuite.Json", "AotSuite.Web"];

    [Test]
    public async Task A_console_app_on_the_web_package_publishes_native_and_answers_http()
    {
        using var temp = new TempDirectory();
        var app = await NewConsumerAsync(temp, """
            using AotSuite.Json;
            using AotSuite.Web;

            var app = WebApp.Create(args);
            app.MapGet("/hello/{name}", (string name, int times = 1) => new Greeting(string.Concat(Enumerable.Repeat($"Hello, {name}! ", times)).Trim()));
            await app.RunAsync();

            [JsonModel] public sealed partial record Greeting(string Message);
            """);

        var publish = await DotnetAsync(app, "publish", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", Path.Combine(app, "out"));
        await Assert.That(publish.ExitCode).IsEqualTo(0).Because(publish.ToString());
        await Assert.That(publish.Stdout).DoesNotContain("warning");

        var info = ToolRun.StartInfo(Path.Combine(app, "out", "Consumer"), ["--port", "0"], temp.Path);
        using var server = ToolRun.Start(info);
        try
        {
            var banner = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15)) ?? "";
            await Assert.That(banner).StartsWith("listening on http://127.0.0.1:");
            using var client = new System.Net.Http.HttpClient();
            var answer = await client.GetStringAsync(banner["listening on ".Length..] + "/hello/ada?times=2");
            await Assert.That(answer).IsEqualTo("""{"message":"Hello, ada! Hello, ada!"}""");
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

        var build = await DotnetAsync(app, "build");
        await Assert.That(build.ExitCode).IsNotEqualTo(0);
        await Assert.That(build.Stdout).Contains("error AOT1001: route 'GET /users/{key:int}' is already mapped at Program.cs(4,1)");
    }

    /// <summary>Packs the libraries into a feed in <paramref name="temp"/> and makes a console app that references AotSuite.Web from it.</summary>
    private static async Task<string> NewConsumerAsync(TempDirectory temp, string program)
    {
        var feed = temp.Combine("feed");
        foreach (var library in Libraries)
        {
            var project = Path.Combine(ToolBinary.RepoRoot, "src", library, library + ".csproj");
            var pack = await DotnetAsync(ToolBinary.RepoRoot, "pack", project, "-c", "Release", "--no-build", "-o", feed, $"-p:PackageVersion={Version}");
            if (pack.ExitCode != 0) throw new InvalidOperationException($"packing {library} failed (build the solution in Release first):\n{pack}");
        }

        var app = temp.Combine("Consumer");
        var created = await DotnetAsync(temp.Path, "new", "console", "-o", app, "-n", "Consumer");
        if (created.ExitCode != 0) throw new InvalidOperationException(created.ToString());
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="aotsuite-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var added = await DotnetAsync(app, "add", "package", "AotSuite.Web", "--version", Version);
        if (added.ExitCode != 0) throw new InvalidOperationException(added.ToString());
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), program);
        return app;
    }

    private static async Task<ToolResult> DotnetAsync(string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en"; // the assertions read English messages
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}
