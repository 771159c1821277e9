using AotSuite.Http.Connection;
using AotSuite.Http.Parsing;
using AotSuite.Web;
using BenchmarkDotNet.Attributes;

namespace AotSuite.Benchmarks.Web;

/// <summary>
/// One request through the built-in middleware (request id, CORS, compression without an Accept-Encoding, body limit):
/// in the chain the generator composes, which calls each built-in's runner directly, against the same middleware
/// mapped through a helper, so the app composes the chain at run time and calls each through its delegate (the baseline).
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("web")]
public class BuiltInChainBench
{
    private WebApp compiled = null!;
    private WebApp runTime = null!;
    private readonly HttpContext compiledHttp = new(); // one each: the framework keeps one context per connection and app
    private readonly HttpContext runTimeHttp = new();

    [GlobalSetup]
    public void Setup()
    {
        // A local, so the generator can follow the Use calls to the route (a field would be AOT1007).
        var app = WebApp.Create(new WebAppOptions { Port = 0 });
        app.Use(RequestId.Create());
        app.Use(Cors.Create(new CorsOptions { Origins = ["https://app.example"] }));
        app.Use(Compression.Create());
        app.Use(BodyLimit.Create(1024));
        app.MapGet("/users/{id:int}", static (int id) => new BenchUser(id, "Ada Lovelace", true));
        app.Build();
        compiled = app;
        runTime = WebApp.Create(new WebAppOptions { Port = 0 });
        MapOn(runTime);
        runTime.Build();
        if (!compiled.Endpoints.Single().Composed || runTime.Endpoints.Single().Composed)
            throw new InvalidOperationException("the compiled app must run the composed chain and the other the run-time one");
    }

    [Benchmark(Baseline = true)]
    public int RunTimeChain() => Run(runTime, runTimeHttp);

    [Benchmark]
    public int CompiledChain() => Run(compiled, compiledHttp);

    private static int Run(WebApp app, HttpContext http)
    {
        http.Reset();
        http.Request.SetRequestLine(HttpMethod.Get, "GET"u8, "/users/42"u8, HttpVersion.Http11);
        _ = app.HandleAsync(http);
        return http.Response.Body.Length;
    }

    private static void MapOn(RouteGroup group)
    {
        group.Use(RequestId.Create());
        group.Use(Cors.Create(new CorsOptions { Origins = ["https://app.example"] }));
        group.Use(Compression.Create());
        group.Use(BodyLimit.Create(1024));
        group.MapGet("/users/{id:int}", static (int id) => new BenchUser(id, "Ada Lovelace", true));
    }
}
