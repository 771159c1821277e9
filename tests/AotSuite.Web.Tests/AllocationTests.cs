using AotSuite.Http.Connection;
using AotSuite.Http.Parsing;
using AotSuite.Json;

namespace AotSuite.Web.Tests;

[JsonModel]
public partial record struct Point(int X, int Y);

/// <summary>No [JsonModel]: written by the codec the web generator makes for it.</summary>
public readonly record struct Size(int Width, int Height);

/// <summary>The framework's own hot path — routing, a middleware, binding, the JSON write — allocates nothing once warm.</summary>
public sealed class AllocationTests
{
    [Test]
    public async Task Routing_binding_middleware_and_json_allocate_nothing_per_request() =>
        await AllocatesNothing(app => app.MapGet("/points/{x:int}/{y:int}", static (int x, int y, int scale = 1) => new Point(x * scale, y * scale)),
            """{"x":40,"y":20}""");

    [Test]
    public async Task A_type_without_JsonModel_and_an_enum_query_value_allocate_nothing_either() =>
        await AllocatesNothing(app => app.MapGet("/points/{x:int}/{y:int}", static (int x, int y, int scale = 1, Sort sort = Sort.Name) =>
                sort == Sort.Age ? new Size(x * scale, y * scale) : default),
            """{"width":40,"height":20}""");

    private static async Task AllocatesNothing(Action<WebApp> map, string expected)
    {
        await using var app = WebApp.Create(new WebAppOptions { Port = 0 });
        app.Use(static (context, next) =>
        {
            context.Response.AddHeader("X-Powered-By"u8, "AotSuite"u8);
            return next();
        });
        map(app);
        app.MapGet("/other/{name}", static (string name) => name);
        app.Build();

        using var http = new HttpContext();
        void Serve()
        {
            http.Reset();
            http.Request.SetRequestLine(HttpMethod.Get, "GET"u8, "/points/4/2?scale=10&sort=AGE"u8, HttpVersion.Http11);
            var pending = app.HandleAsync(http);
            if (!pending.IsCompletedSuccessfully) throw new InvalidOperationException("the handler did not complete synchronously");
        }

        for (var i = 0; i < 100; i++) Serve();
        await Assert.That(System.Text.Encoding.UTF8.GetString(http.Response.Body)).IsEqualTo(expected);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) Serve();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await Assert.That(allocated).IsEqualTo(0L);
    }
}
