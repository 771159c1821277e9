namespace AotSuite.Web.Tests.Middleware;

/// <summary>Files embedded under wwwroot/ in the test assembly, served before the routes.</summary>
public sealed class EmbeddedFilesTests
{
    private static WebApp Create()
    {
        var app = WebApp.Create(new WebAppOptions { Port = 0 });
        app.Use(EmbeddedFiles.Create(typeof(EmbeddedFilesTests).Assembly));
        app.MapGet("/api/ping", () => "pong");
        app.MapPost("/app.js", () => "posted");
        app.Start();
        return app;
    }

    [Test]
    public async Task Serves_the_index_at_the_folder_and_a_file_by_name_with_its_type()
    {
        await using var app = Create();
        await Assert.That(app.Endpoints.All(static e => e.Composed)).IsTrue();
        var index = await Http.GetAsync(app, "/");
        await Assert.That(index.Status).IsEqualTo(200);
        await Assert.That(index.Headers["Content-Type"]).IsEqualTo("text/html; charset=utf-8");
        await Assert.That(index.Body).Contains("<title>embedded</title>");
        var script = await Http.GetAsync(app, "/app.js");
        await Assert.That(script.Headers["Content-Type"]).IsEqualTo("text/javascript; charset=utf-8");
        await Assert.That(script.Body).IsEqualTo("console.log(\"embedded\");\n");
    }

    [Test]
    public async Task Answers_304_when_the_etag_matches()
    {
        await using var app = Create();
        var first = await Http.GetAsync(app, "/index.html");
        var again = await Http.GetAsync(app, "/index.html", $"If-None-Match: {first.Headers["ETag"]}");
        await Assert.That(again.Status).IsEqualTo(304);
        await Assert.That(again.Body).IsEmpty();
    }

    [Test]
    public async Task Passes_other_paths_methods_and_long_paths_on_to_the_routes()
    {
        await using var app = Create();
        await Assert.That((await Http.GetAsync(app, "/api/ping")).Body).IsEqualTo("pong");
        await Assert.That((await Http.SendAsync(app, "POST", "/app.js", "{}")).Body).IsEqualTo("posted");
        await Assert.That((await Http.GetAsync(app, "/" + new string('a', 300))).Status).IsEqualTo(404);
        await Assert.That((await Http.GetAsync(app, "/%C3%A9t%C3%A9.js")).Status).IsEqualTo(404);
    }
}
