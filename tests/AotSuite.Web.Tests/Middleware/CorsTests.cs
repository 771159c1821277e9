namespace AotSuite.Web.Tests.Middleware;

public sealed class CorsTests
{
    private const string Origin = MiddlewareApp.Origin;

    [Test]
    public async Task Lets_an_allowed_origin_read_the_answer()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.GetAsync(app, "/id", "Origin: " + Origin);
        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Headers["Access-Control-Allow-Origin"]).IsEqualTo(Origin);
        await Assert.That(reply.Headers["Access-Control-Allow-Credentials"]).IsEqualTo("true");
        await Assert.That(reply.Headers["Access-Control-Expose-Headers"]).IsEqualTo("X-Request-Id");
        await Assert.That(reply.All("Vary")).IsEquivalentTo(["Origin"]);
        await Assert.That(reply.Headers.ContainsKey("Access-Control-Allow-Methods")).IsFalse();
    }

    [Test]
    public async Task Matches_origins_ignoring_ascii_case_and_echoes_the_one_sent()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.GetAsync(app, "/id", "Origin: HTTPS://App.Example");
        await Assert.That(reply.Headers["Access-Control-Allow-Origin"]).IsEqualTo("HTTPS://App.Example");
    }

    [Test]
    [Arguments("https://evil.example")]
    [Arguments("https://app.example.evil.example")]
    [Arguments("http://app.example")]
    [Arguments("null")]
    [DisplayName("Gives the disallowed origin '$origin' no CORS header")]
    public async Task Gives_a_disallowed_origin_no_cors_header(string origin)
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.GetAsync(app, "/id", "Origin: " + origin);
        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Fields.Any(f => f.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase))).IsFalse();
        await Assert.That(reply.All("Vary")).IsEquivalentTo(["Origin"]);
    }

    [Test]
    public async Task Marks_a_request_without_origin_as_varying_by_origin_only()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.GetAsync(app, "/id");
        await Assert.That(reply.Fields.Any(f => f.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase))).IsFalse();
        await Assert.That(reply.All("Vary")).IsEquivalentTo(["Origin"]);
    }

    [Test]
    public async Task Answers_a_preflight_with_204_before_routing()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.SendAsync(app, "OPTIONS", "/things/7", null,
            "Origin: " + Origin, "Access-Control-Request-Method: DELETE", "Access-Control-Request-Headers: content-type, x-api-key");
        await Assert.That(reply.Status).IsEqualTo(204);
        await Assert.That(reply.Body).IsEmpty();
        await Assert.That(reply.Headers["Access-Control-Allow-Origin"]).IsEqualTo(Origin);
        await Assert.That(reply.Headers["Access-Control-Allow-Credentials"]).IsEqualTo("true");
        await Assert.That(reply.Headers["Access-Control-Allow-Methods"]).IsEqualTo("GET, POST, DELETE");
        await Assert.That(reply.Headers["Access-Control-Allow-Headers"]).IsEqualTo("content-type, x-api-key");
        await Assert.That(reply.Headers["Access-Control-Max-Age"]).IsEqualTo("600");
        await Assert.That(reply.All("Vary")).IsEquivalentTo(["Origin", "Access-Control-Request-Headers"]);
        await Assert.That(reply.Headers.ContainsKey("Allow")).IsFalse();
        await Assert.That(reply.Headers.ContainsKey("X-Request-Id")).IsTrue();
    }

    [Test]
    public async Task Answers_a_preflight_for_a_path_no_route_matches()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.SendAsync(app, "OPTIONS", "/nowhere", null, "Origin: " + Origin, "Access-Control-Request-Method: POST");
        await Assert.That(reply.Status).IsEqualTo(204);
        await Assert.That(reply.Headers["Access-Control-Allow-Origin"]).IsEqualTo(Origin);
        await Assert.That(reply.Headers.ContainsKey("Access-Control-Allow-Headers")).IsFalse();
    }

    [Test]
    public async Task Answers_a_preflight_from_a_disallowed_origin_204_without_cors_headers()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.SendAsync(app, "OPTIONS", "/things/7", null, "Origin: https://evil.example", "Access-Control-Request-Method: DELETE");
        await Assert.That(reply.Status).IsEqualTo(204);
        await Assert.That(reply.Fields.Any(f => f.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase))).IsFalse();
    }

    [Test]
    public async Task Leaves_an_options_request_that_is_not_a_preflight_to_routing()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.SendAsync(app, "OPTIONS", "/things/7", null, "Origin: " + Origin);
        await Assert.That(reply.Status).IsEqualTo(405);
        await Assert.That(reply.Headers["Allow"]).IsEqualTo("DELETE");
        await Assert.That(reply.Headers["Access-Control-Allow-Origin"]).IsEqualTo(Origin);
    }

    [Test]
    public async Task Keeps_its_headers_on_a_500_so_the_page_can_read_the_error()
    {
        await using var app = MiddlewareApp.Create();
        var reply = await Http.GetAsync(app, "/fail", "Origin: " + Origin);
        await Assert.That(reply.Status).IsEqualTo(500);
        await Assert.That(reply.Headers["Access-Control-Allow-Origin"]).IsEqualTo(Origin);
        await Assert.That(reply.All("Access-Control-Allow-Origin").Count).IsEqualTo(1);
        await Assert.That(reply.All("Vary")).IsEquivalentTo(["Origin"]);
    }

    [Test]
    public async Task Answers_any_origin_with_a_star_and_no_vary()
    {
        await using var app = MiddlewareApp.Create(new CorsOptions { Origins = ["*"], Headers = ["Content-Type"] });
        var reply = await Http.GetAsync(app, "/id", "Origin: https://anyone.example");
        await Assert.That(reply.Headers["Access-Control-Allow-Origin"]).IsEqualTo("*");
        await Assert.That(reply.Headers.ContainsKey("Vary")).IsFalse();
        await Assert.That(reply.Headers.ContainsKey("Access-Control-Allow-Credentials")).IsFalse();
        var preflight = await Http.SendAsync(app, "OPTIONS", "/id", null, "Origin: https://anyone.example", "Access-Control-Request-Method: PUT", "Access-Control-Request-Headers: x-other");
        await Assert.That(preflight.Status).IsEqualTo(204);
        await Assert.That(preflight.Headers["Access-Control-Allow-Origin"]).IsEqualTo("*");
        await Assert.That(preflight.Headers["Access-Control-Allow-Methods"]).IsEqualTo("GET, HEAD, POST, PUT, PATCH, DELETE");
        await Assert.That(preflight.Headers["Access-Control-Allow-Headers"]).IsEqualTo("Content-Type");
        await Assert.That(preflight.Headers.ContainsKey("Access-Control-Max-Age")).IsFalse();
    }

    [Test]
    public async Task Refuses_options_the_fetch_standard_forbids()
    {
        await Assert.That(() => Cors.Create(new CorsOptions())).Throws<ArgumentException>().WithMessageContaining("Origins is empty");
        await Assert.That(() => Cors.Create(new CorsOptions { Origins = ["*"], Credentials = true }))
            .Throws<ArgumentException>().WithMessageContaining("cannot be combined with Credentials");
        await Assert.That(() => Cors.Create(new CorsOptions { Origins = ["https://app.example/"] }))
            .Throws<ArgumentException>().WithMessageContaining("'https://app.example/' is not an origin");
        await Assert.That(() => Cors.Create(new CorsOptions { Origins = [Origin], Credentials = true, Headers = ["*"] }))
            .Throws<ArgumentException>().WithMessageContaining("literal '*'");
        await Assert.That(() => Cors.Create(new CorsOptions { Origins = [Origin], Methods = ["GET POST"] }))
            .Throws<ArgumentException>().WithMessageContaining("Methods has 'GET POST'");
    }

    [Test]
    public async Task Answers_curls_preflight()
    {
        await using var app = MiddlewareApp.Create();
        var (exit, output) = await MiddlewareApp.CurlAsync(app, "-i", "-X", "OPTIONS", "-H", "Origin: http://localhost:5173",
            "-H", "Access-Control-Request-Method: POST", "{url}/id");
        await Assert.That(exit).IsEqualTo(0);
        await Assert.That(output).StartsWith("HTTP/1.1 204 No Content");
        await Assert.That(output).Contains("Access-Control-Allow-Origin: http://localhost:5173");
        await Assert.That(output).Contains("Access-Control-Allow-Methods: GET, POST, DELETE");
    }
}
