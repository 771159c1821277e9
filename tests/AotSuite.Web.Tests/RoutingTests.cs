namespace AotSuite.Web.Tests;

public sealed class RoutingTests
{
    private static WebApp app = null!;

    [Before(Class)]
    public static void Start() => app = SampleApp.Create();

    [After(Class)]
    public static async Task Stop() => await app.DisposeAsync();

    [Test]
    public async Task Answers_the_root_route()
    {
        var reply = await Http.GetAsync(app, "/");
        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Body).IsEqualTo("home");
        await Assert.That(reply.Headers["Content-Type"]).IsEqualTo("text/plain; charset=utf-8");
    }

    [Test]
    public async Task Binds_a_constrained_route_parameter_and_writes_the_model_as_json()
    {
        var reply = await Http.GetAsync(app, "/users/2");
        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Headers["Content-Type"]).IsEqualTo("application/json");
        await Assert.That(reply.Body).IsEqualTo("""{"id":2,"name":"linus"}""");
    }

    [Test]
    public async Task Tries_the_next_parameter_route_when_a_constraint_fails()
    {
        var reply = await Http.GetAsync(app, "/users/grace");
        await Assert.That(reply.Body).IsEqualTo("by name grace");
    }

    [Test]
    public async Task Answers_404_when_no_constraint_accepts_the_segment()
    {
        var reply = await Http.GetAsync(app, "/users/12ab");
        await Assert.That(reply.Status).IsEqualTo(404);
        await Assert.That(reply.Headers["Content-Type"]).IsEqualTo("application/problem+json");
    }

    [Test]
    public async Task A_null_result_is_404()
    {
        var reply = await Http.GetAsync(app, "/users/99");
        await Assert.That(reply.Status).IsEqualTo(404);
    }

    [Test]
    public async Task Answers_405_with_the_allowed_methods()
    {
        var reply = await Http.SendAsync(app, "PUT", "/users/1");
        await Assert.That(reply.Status).IsEqualTo(405);
        await Assert.That(reply.Headers["Allow"]).IsEqualTo("GET, DELETE, HEAD");
    }

    [Test]
    public async Task Answers_head_with_the_get_handler_and_no_body()
    {
        var reply = await Http.SendAsync(app, "HEAD", "/users/1");
        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Body).IsEqualTo("");
        await Assert.That(reply.Headers["Content-Length"]).IsEqualTo("""{"id":1,"name":"ada"}""".Length.ToString());
    }

    [Test]
    public async Task A_catch_all_takes_the_rest_of_the_path()
    {
        await Assert.That((await Http.GetAsync(app, "/files/a/b/c.txt")).Body).IsEqualTo("file:a/b/c.txt");
        await Assert.That((await Http.GetAsync(app, "/files")).Body).IsEqualTo("file:");
    }

    [Test]
    public async Task An_optional_segment_may_be_left_out()
    {
        await Assert.That((await Http.GetAsync(app, "/pages/about")).Body).IsEqualTo("about");
        await Assert.That((await Http.GetAsync(app, "/pages")).Body).IsEqualTo("index");
    }

    [Test]
    public async Task Route_values_are_percent_decoded()
    {
        await Assert.That((await Http.GetAsync(app, "/files/a%20b")).Body).IsEqualTo("file:a b");
    }

    [Test]
    public async Task A_guid_constraint_matches_a_guid()
    {
        var id = Guid.NewGuid();
        await Assert.That((await Http.GetAsync(app, $"/items/{id}")).Body).IsEqualTo(id.ToString());
        await Assert.That((await Http.GetAsync(app, "/items/not-a-guid")).Status).IsEqualTo(404);
    }

    [Test]
    public async Task Group_routes_run_the_group_middleware()
    {
        await Assert.That((await Http.GetAsync(app, "/admin/stats")).Status).IsEqualTo(401);
        var reply = await Http.GetAsync(app, "/admin/stats", "Authorization: Bearer secret");
        await Assert.That(reply.Status).IsEqualTo(200);
        await Assert.That(reply.Body).StartsWith("users=");
    }

    [Test]
    public async Task Nested_groups_join_their_prefixes_and_keep_the_outer_middleware()
    {
        await Assert.That((await Http.GetAsync(app, "/admin/deep/7")).Status).IsEqualTo(401);
        await Assert.That((await Http.GetAsync(app, "/admin/deep/7", "Authorization: Bearer secret")).Body).IsEqualTo("deep 7");
    }

    [Test]
    public async Task App_middleware_runs_for_404s_too()
    {
        var reply = await Http.GetAsync(app, "/nowhere");
        await Assert.That(reply.Status).IsEqualTo(404);
        await Assert.That(reply.Headers["X-Outer"]).IsEqualTo("1");
    }

    [Test]
    public async Task A_group_runs_its_middleware_for_a_404_under_its_prefix()
    {
        // The admin group's auth answers first, as it would for a route; past it, the 404 is the group's.
        await Assert.That((await Http.GetAsync(app, "/admin/nothing")).Status).IsEqualTo(401);
        var found = await Http.GetAsync(app, "/admin/nothing", "Authorization: Bearer secret");
        await Assert.That(found.Status).IsEqualTo(404);
        await Assert.That(found.Headers["X-Outer"]).IsEqualTo("1");
        await Assert.That((await Http.GetAsync(app, "/admin")).Status).IsEqualTo(401);
        await Assert.That((await Http.GetAsync(app, "/administrator")).Status).IsEqualTo(404);
    }

    [Test]
    public async Task A_group_runs_its_middleware_for_a_405_of_its_routes()
    {
        await Assert.That((await Http.SendAsync(app, "POST", "/admin/stats", "{}")).Status).IsEqualTo(401);
        var reply = await Http.SendAsync(app, "POST", "/admin/stats", "{}", "Authorization: Bearer secret");
        await Assert.That(reply.Status).IsEqualTo(405);
        await Assert.That(reply.Headers["Allow"]).IsEqualTo("GET, HEAD");
    }

    [Test]
    public async Task The_context_knows_the_matched_pattern()
    {
        await Assert.That((await Http.GetAsync(app, "/context")).Body).IsEqualTo("/context");
    }
}
