namespace AotSuite.Web.Tests.Middleware;

/// <summary>CORS on a group, not the app: preflights and 404s under the group's prefix go through it.</summary>
public sealed class GroupCorsTests
{
    private const string Origin = "https://app.example";

    private static WebApp Create()
    {
        var app = WebApp.Create(new WebAppOptions { Port = 0 });
        var api = app.MapGroup("/api");
        api.Use(Cors.Create(new CorsOptions { Origins = [Origin] }));
        api.MapGet("/items", () => "items");
        app.MapGet("/public", () => "public");
        app.Start();
        return app;
    }

    [Test]
    public async Task Answers_a_preflight_for_a_route_of_the_group()
    {
        await using var app = Create();
        var reply = await Http.SendAsync(app, "OPTIONS", "/api/items", null, "Origin: " + Origin, "Access-Control-Request-Method: GET");
        await Assert.That(reply.Status).IsEqualTo(204);
        await Assert.That(reply.Headers["Access-Control-Allow-Origin"]).IsEqualTo(Origin);
        await Assert.That(reply.Headers.ContainsKey("Access-Control-Allow-Methods")).IsTrue();
    }

    [Test]
    public async Task Answers_a_404_under_the_prefix_with_the_cors_headers()
    {
        await using var app = Create();
        var reply = await Http.GetAsync(app, "/api/missing", "Origin: " + Origin);
        await Assert.That(reply.Status).IsEqualTo(404);
        await Assert.That(reply.Headers["Access-Control-Allow-Origin"]).IsEqualTo(Origin);
    }

    [Test]
    public async Task Leaves_requests_outside_the_prefix_alone()
    {
        await using var app = Create();
        var missing = await Http.GetAsync(app, "/missing", "Origin: " + Origin);
        await Assert.That(missing.Status).IsEqualTo(404);
        await Assert.That(missing.Headers.ContainsKey("Access-Control-Allow-Origin")).IsFalse();
        var other = await Http.SendAsync(app, "OPTIONS", "/public", null, "Origin: " + Origin, "Access-Control-Request-Method: GET");
        await Assert.That(other.Status).IsEqualTo(405);
    }
}
