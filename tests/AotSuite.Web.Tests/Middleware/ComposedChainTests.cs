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

    private static void MapHelper(RouteGroup group) => group.MapGet("/helper", () => "helped");
}
