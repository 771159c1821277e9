namespace AotSuite.Web.Tests.Middleware;

/// <summary>
/// The middleware chain composed at compile time: used when the app's Use calls are the ones the generator saw, the
/// run-time chain otherwise; both answer alike.
/// </summary>
public sealed class ComposedChainTests
{
    [Test]
    public async Task Runs_the_compiled_chain_of_app_and_group_middleware_in_order()
    {
        var app = WebApp.Create(new WebAppOptions { Port = 0 });
        app.Use(async (ctx, next) =>
        {
            ctx.Response.AddHeader("X-Order"u8, "app-in"u8);
            await next();
        });
        var api = app.MapGroup("/api");
        api.Use((ctx, next) =>
        {
            ctx.Response.AddHeader("X-Order"u8, "api-in"u8);
            if (ctx.Request.Query.IsEmpty) return next();
            ctx.WriteProblem(403, "no query strings here");
            return default;
        });
        api.MapGet("/ping", () => "pong");
        app.MapGet("/root", () => "root");
        await using var _ = app;
        app.Start();

        await Assert.That(app.Endpoints.All(static e => e.Composed)).IsTrue();
        var ping = await Http.GetAsync(app, "/api/ping");
        await Assert.That(ping.Body).IsEqualTo("pong");
        await Assert.That(ping.All("X-Order")).IsEquivalentTo(["app-in", "api-in"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        var refused = await Http.GetAsync(app, "/api/ping?x=1");
        await Assert.That(refused.Status).IsEqualTo(403);
        var root = await Http.GetAsync(app, "/root");
        await Assert.That(root.Body).IsEqualTo("root");
        await Assert.That(root.All("X-Order")).IsEquivalentTo(["app-in"]);
    }

    [Test]
    [Arguments(true)]
    [Arguments(false)]
    public async Task Falls_back_to_the_run_time_chain_when_a_conditional_Use_did_not_run(bool traced)
    {
        var app = WebApp.Create(new WebAppOptions { Port = 0 });
        if (traced) app.Use(RequestId.Create());
        app.Use(async (ctx, next) =>
        {
            await next();
            ctx.Response.AddHeader("X-After"u8, "yes"u8);
        });
        app.MapGet("/id", (WebContext ctx) => ctx.RequestId() ?? "none");
        await using var _ = app;
        app.Start();

        await Assert.That(app.Endpoints.Single().Composed).IsEqualTo(traced);
        var reply = await Http.GetAsync(app, "/id");
        await Assert.That(reply.Headers["X-After"]).IsEqualTo("yes");
        await Assert.That(reply.Body).IsEqualTo(traced ? reply.Headers["X-Request-Id"] : "none");
    }

    [Test]
    public async Task Routes_mapped_in_a_helper_run_the_run_time_chain()
    {
        var app = WebApp.Create(new WebAppOptions { Port = 0 });
        app.Use(async (ctx, next) =>
        {
            await next();
            ctx.Response.AddHeader("X-After"u8, "yes"u8);
        });
        MapHelper(app);
        await using var _ = app;
        app.Start();

        await Assert.That(app.Endpoints.Single().Composed).IsFalse();
        var reply = await Http.GetAsync(app, "/helper");
        await Assert.That(reply.Body).IsEqualTo("helped");
        await Assert.That(reply.Headers["X-After"]).IsEqualTo("yes");
    }

    [Test]
    public async Task Calls_the_built_ins_made_in_place_directly_and_they_answer_as_through_their_delegates()
    {
        var log = new StatusLog();
        var app = WebApp.Create(new WebAppOptions { Port = 0 });
        app.Use(RequestLogging.Create(log));
        app.Use(RequestId.Create());
        app.Use(Cors.Create(new CorsOptions { Origins = ["https://app.example"] }));
        app.Use(Compression.Create(new CompressionOptions { MinimumBytes = 16 }));
        var api = app.MapGroup("/api");
        api.Use(BodyLimit.Create(8));
        api.MapPost("/echo", (WebContext ctx) => new string('x', 64) + ctx.Request.Body.Length);
        await using var _ = app;
        app.Start();

        await Assert.That(app.Endpoints.Single().Composed).IsTrue();
        var ok = await Http.SendAsync(app, "POST", "/api/echo", "12345678", "Origin: https://app.example", "Accept-Encoding: gzip", "X-Request-Id: req-1");
        await Assert.That(ok.Status).IsEqualTo(200);
        await Assert.That(ok.Headers["X-Request-Id"]).IsEqualTo("req-1");
        await Assert.That(ok.Headers["Access-Control-Allow-Origin"]).IsEqualTo("https://app.example");
        await Assert.That(ok.Headers["Content-Encoding"]).IsEqualTo("gzip");
        var refused = await Http.SendAsync(app, "POST", "/api/echo", "123456789");
        await Assert.That(refused.Status).IsEqualTo(413);
        await Assert.That(refused.Headers.ContainsKey("X-Request-Id")).IsTrue();
        var preflight = await Http.SendAsync(app, "OPTIONS", "/api/echo", null, "Origin: https://app.example", "Access-Control-Request-Method: POST");
        await Assert.That(preflight.Status).IsEqualTo(204);
        await Assert.That(log.Statuses).IsEquivalentTo([200, 413, 204], TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Falls_back_to_the_run_time_chain_when_a_factory_does_not_hand_out_its_runner()
    {
        var app = WebApp.Create(new WebAppOptions { Port = 0 });
        app.Use(NotItsRunner.Create());
        app.MapGet("/", () => "answered");
        await using var _ = app;
        app.Start();

        await Assert.That(app.Endpoints.Single().Composed).IsFalse();
        var reply = await Http.GetAsync(app, "/");
        await Assert.That(reply.Body).IsEqualTo("answered");
        await Assert.That(reply.Headers["X-Through"]).IsEqualTo("delegate");
    }

    private sealed class StatusLog : IRequestLogWriter
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<int> statuses = new();

        public IReadOnlyList<int> Statuses => [.. statuses];

        public void Write(RequestLogRecord record) => statuses.Enqueue(record.StatusCode);
    }

    private static void MapHelper(RouteGroup group) => group.MapGet("/helper", () => "helped");
}

/// <summary>Has the shape the generator calls directly, but its factory returns a lambda: the start-up check must notice.</summary>
internal static class NotItsRunner
{
    public static global::AotSuite.Web.Middleware Create() => (ctx, next) =>
    {
        ctx.Response.AddHeader("X-Through"u8, "delegate"u8);
        return next();
    };

    public sealed class Runner
    {
        public ValueTask InvokeAsync(WebContext context, Next next)
        {
            context.Response.AddHeader("X-Through"u8, "runner"u8);
            return next();
        }
    }
}
