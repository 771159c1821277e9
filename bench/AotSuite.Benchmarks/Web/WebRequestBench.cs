using System.Text.Json;
using AotSuite.Http.Connection;
using AotSuite.Http.Parsing;
using AotSuite.Json;
using AotSuite.Web;
using BenchmarkDotNet.Attributes;

namespace AotSuite.Benchmarks.Web;

[JsonModel]
public partial record struct BenchUser(int Id, string Name, bool Active);

/// <summary>The same shape without [JsonModel]: written by the codec the web generator makes for it.</summary>
public readonly record struct PlainBenchUser(int Id, string Name, bool Active);

/// <summary>
/// One request through the framework without a socket: route match, a middleware, route and query binding, the
/// handler, the generated JSON write. The baseline is the same answer written by hand on AotSuite.Http (no framework),
/// so the ratio is the framework's own cost. In-process peers (ASP.NET minimal APIs) are compared over sockets in
/// bench/peers/web-json.sh.
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("web")]
public class WebRequestBench
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };
    private readonly System.Buffers.ArrayBufferWriter<byte> buffer = new(256);
    private WebApp app = null!;
    private WebApp runTimeChainApp = null!;
    private HttpContext runTimeChainHttp = null!; // its own: the framework keeps one context per connection and app
    private HttpContext http = null!;
    private Utf8JsonWriter writer = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A local, so the generator can follow the Use call to the routes and compose their chain (a field is AOT1007).
        var app = WebApp.Create(new WebAppOptions { Port = 0 });
        app.Use(static (context, next) =>
        {
            context.Response.AddHeader("X-Powered-By"u8, "AotSuite"u8);
            return next();
        });
        app.MapGet("/users/{id:int}", static (int id, bool active = true) => new BenchUser(id, "Ada Lovelace", active));
        app.MapGet("/users/{id:int}/posts/{slug}", static (int id, string slug) => slug);
        app.MapGet("/health", static () => "ok");
        app.MapGet("/plain/{id:int}", static (int id, bool active = true) => new PlainBenchUser(id, "Ada Lovelace", active));
        app.Build();
        this.app = app;
        runTimeChainApp = WebApp.Create(new WebAppOptions { Port = 0 });
        MapOn(runTimeChainApp);
        runTimeChainApp.Build();
        if (!app.Endpoints.All(static e => e.Composed) || runTimeChainApp.Endpoints.Single().Composed)
            throw new InvalidOperationException("Framework must run the composed chain and FrameworkRunTimeChain the run-time one");
        runTimeChainHttp = new HttpContext();
        http = new HttpContext();
        writer = new Utf8JsonWriter(buffer, Options);
    }

    [Benchmark(Baseline = true)]
    public int HandWrittenOnHttp()
    {
        http.Reset();
        http.Request.SetRequestLine(HttpMethod.Get, "GET"u8, "/users/42?active=true"u8, HttpVersion.Http11);
        var path = http.Request.Path;
        if (!path.StartsWith("/users/"u8) || !System.Buffers.Text.Utf8Parser.TryParse(path[7..], out int id, out _)) return 0;
        http.Response.AddHeader("X-Powered-By"u8, "AotSuite"u8);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        BenchUser.WriteJson(writer, new BenchUser(id, "Ada Lovelace", true));
        writer.Flush();
        http.Response.AddHeader("Content-Type"u8, "application/json"u8);
        http.Response.Write(buffer.WrittenSpan);
        return http.Response.Body.Length;
    }

    [Benchmark]
    public int Framework()
    {
        http.Reset();
        http.Request.SetRequestLine(HttpMethod.Get, "GET"u8, "/users/42?active=true"u8, HttpVersion.Http11);
        _ = app.HandleAsync(http);
        return http.Response.Body.Length;
    }

    /// <summary>The same route and middleware, mapped in a helper: the generator cannot follow the group, so the chain is composed at run time.</summary>
    [Benchmark]
    public int FrameworkRunTimeChain()
    {
        runTimeChainHttp.Reset();
        runTimeChainHttp.Request.SetRequestLine(HttpMethod.Get, "GET"u8, "/users/42?active=true"u8, HttpVersion.Http11);
        _ = runTimeChainApp.HandleAsync(runTimeChainHttp);
        return runTimeChainHttp.Response.Body.Length;
    }

    [Benchmark]
    public int FrameworkWithoutJsonModel()
    {
        http.Reset();
        http.Request.SetRequestLine(HttpMethod.Get, "GET"u8, "/plain/42?active=true"u8, HttpVersion.Http11);
        _ = app.HandleAsync(http);
        return http.Response.Body.Length;
    }

    private static void MapOn(RouteGroup group)
    {
        group.Use(static (context, next) =>
        {
            context.Response.AddHeader("X-Powered-By"u8, "AotSuite"u8);
            return next();
        });
        group.MapGet("/users/{id:int}", static (int id, bool active = true) => new BenchUser(id, "Ada Lovelace", active));
    }
}
