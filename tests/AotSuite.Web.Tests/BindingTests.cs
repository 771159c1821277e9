namespace AotSuite.Web.Tests;

public sealed class BindingTests
{
    private static WebApp app = null!;

    [Before(Class)]
    public static void Start() => app = SampleApp.Create();

    [After(Class)]
    public static async Task Stop() => await app.DisposeAsync();

    [Test]
    public async Task Binds_query_values_with_defaults_enums_and_nullables()
    {
        await Assert.That((await Http.GetAsync(app, "/search?q=a+b")).Body).IsEqualTo("a b|1|Name|");
        await Assert.That((await Http.GetAsync(app, "/search?q=x&page=3&sort=age&exact=true")).Body).IsEqualTo("x|3|Age|True");
    }

    [Test]
    public async Task A_missing_required_query_value_is_a_400_naming_it()
    {
        var reply = await Http.GetAsync(app, "/search");
        await Assert.That(reply.Status).IsEqualTo(400);
        await Assert.That(reply.Headers["Content-Type"]).IsEqualTo("application/problem+json");
        await Assert.That(reply.Body).Contains("\"field\":\"q\"");
    }

    [Test]
    public async Task A_query_value_of_the_wrong_type_is_a_400_naming_it()
    {
        var reply = await Http.GetAsync(app, "/search?q=x&page=two");
        await Assert.That(reply.Status).IsEqualTo(400);
        await Assert.That(reply.Body).Contains("'page' must be an integer");
        var badEnum = await Http.GetAsync(app, "/search?q=x&sort=size");
        await Assert.That(badEnum.Body).Contains("'sort' must be one of Name, Age");
    }

    [Test]
    public async Task Binds_a_header()
    {
        await Assert.That((await Http.GetAsync(app, "/headers", "X-Api-Key: k-123")).Body).IsEqualTo("k-123");
        await Assert.That((await Http.GetAsync(app, "/headers")).Status).IsEqualTo(400);
    }

    [Test]
    public async Task Binds_the_json_body_and_answers_created_with_a_location()
    {
        var reply = await Http.SendAsync(app, "POST", "/users", """{"name":"grace","age":85}""");
        await Assert.That(reply.Status).IsEqualTo(201);
        await Assert.That(reply.Headers["Location"]).StartsWith("/users/");
        await Assert.That(reply.Body).Contains("\"name\":\"grace\"");
    }

    [Test]
    public async Task Malformed_json_is_a_400_problem()
    {
        var reply = await Http.SendAsync(app, "POST", "/users", """{"name":"grace",""");
        await Assert.That(reply.Status).IsEqualTo(400);
        await Assert.That(reply.Headers["Content-Type"]).IsEqualTo("application/problem+json");
    }

    [Test]
    public async Task A_field_of_the_wrong_type_is_a_400_naming_the_field()
    {
        var reply = await Http.SendAsync(app, "POST", "/users", """{"name":"grace","age":"old"}""");
        await Assert.That(reply.Status).IsEqualTo(400);
        await Assert.That(reply.Body).Contains("\"field\":\"$.age\"");
    }

    [Test]
    public async Task A_missing_required_field_is_a_400_naming_the_field()
    {
        var reply = await Http.SendAsync(app, "POST", "/users", """{"age":3}""");
        await Assert.That(reply.Status).IsEqualTo(400);
        await Assert.That(reply.Body).Contains("name");
    }

    [Test]
    public async Task A_missing_body_is_a_400()
    {
        var reply = await Http.SendAsync(app, "POST", "/users");
        await Assert.That(reply.Status).IsEqualTo(400);
    }

    [Test]
    public async Task A_method_group_handler_is_bound_like_a_lambda()
    {
        var reply = await Http.SendAsync(app, "POST", "/echo", """{"id":5,"name":"x"}""");
        await Assert.That(reply.Body).IsEqualTo("""{"id":5,"name":"x"}""");
    }

    [Test]
    public async Task Awaits_an_async_handler()
    {
        await Assert.That((await Http.GetAsync(app, "/async/1")).Body).IsEqualTo("""{"id":1,"name":"ada"}""");
        await Assert.That((await Http.GetAsync(app, "/async/42")).Status).IsEqualTo(404);
    }

    [Test]
    public async Task Writes_a_list_as_a_json_array()
    {
        var reply = await Http.GetAsync(app, "/users");
        await Assert.That(reply.Body).StartsWith("""[{"id":1,"name":"ada"},{"id":2,"name":"linus"}""");
    }

    [Test]
    public async Task Results_set_status_and_content_type()
    {
        await Assert.That((await Http.SendAsync(app, "DELETE", "/users/1")).Status).IsEqualTo(204);
        var html = await Http.GetAsync(app, "/text");
        await Assert.That(html.Headers["Content-Type"]).IsEqualTo("text/html");
        await Assert.That(html.Body).IsEqualTo("<p>hi</p>");
    }
}
